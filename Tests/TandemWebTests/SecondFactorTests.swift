import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Two-step sign-in")
struct SecondFactorTests {
    /// The key an authenticator app is given (base32) back to the secret it stands for.
    static func secret(fromBase32 text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var value = 0
        var bytes: [UInt8] = []
        for c in text.uppercased() where c != "=" {
            value = (value << 5) | alphabet.firstIndex(of: c)!
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func code(_ secret: String, at date: Date) -> String { String(format: "%06d", TOTP(secret: secret).compute(date: date)) }

    @Test("Enrol with a first valid code, sign in in two steps, replay and drift, recovery codes, switch off; the owner can require it")
    func journey() async throws {
        try await withApp { b, clock in
            try await b.setUp()
            try await b.addPractitioner("Maya Brooks", "maya@example.org")
            let token = try await b.createToken()
            let off = try await b.get("/account")
            #expect(off.body.contains("Set up two-step sign-in"))
            #expect(try await b.post("/account/second-factor", [:]).status == .seeOther)
            let enrolling = try await b.get("/account")
            let key = try #require(
                enrolling.body.firstMatch(of: /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/).map {
                    String($0.1).replacingOccurrences(of: " ", with: "")
                })
            #expect(enrolling.body.contains("otpauth://totp/"))
            let secret = Self.secret(fromBase32: key)

            let wrong = try await b.post("/account/second-factor/confirm", ["code": "000000"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.contains("That code is not right"))
            let on = try await b.post("/account/second-factor/confirm", ["code": Self.code(secret, at: clock.now)])
            #expect(on.status == .ok)
            let recovery = on.body.matches(of: /<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code><\/li>/).map { String($0.1) }
            #expect(recovery.count == 10)
            #expect(on.body.contains("Your other sessions were signed out and your API tokens revoked"))
            #expect(try await b.api(.get, "/api/v1/clients", token: token).status == .unauthorized, "switching it on revoked the token")

            // The password alone grants nothing.
            try await b.signOut()
            let first = try await b.signIn("ruth@example.org")
            #expect(first.status == .seeOther)
            #expect(first.location?.hasPrefix("/signin/code") == true)
            #expect(!first.headers[values: .setCookie].contains { $0.hasPrefix("tandem_session=") && !$0.contains("Max-Age=0") })
            #expect(try await b.get("/clients").location?.hasPrefix("/signin") == true)
            try await b.get("/signin/code")
            let replayed = try await b.post("/signin/code", ["code": Self.code(secret, at: clock.now)])
            #expect(replayed.status == .unauthorized)
            #expect(replayed.body.contains("That code was just used"), "the step that switched it on is not taken twice")
            clock.advance(minutes: 0.5)
            let second = try await b.post("/signin/code", ["code": Self.code(secret, at: clock.now)])
            #expect(second.status == .seeOther)
            #expect(try await b.get("/clients").status == .ok)

            // One step of drift is accepted; a code from two steps ago is not.
            try await b.signOut()
            clock.advance(minutes: 1.5)
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/signin/code")
            let stale = try await b.post("/signin/code", ["code": Self.code(secret, at: clock.now.addingTimeInterval(-60))])
            #expect(stale.status == .unauthorized)
            #expect(try await b.post("/signin/code", ["code": Self.code(secret, at: clock.now.addingTimeInterval(-30))]).status == .seeOther)

            // A recovery code works once.
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/signin/code")
            #expect(try await b.post("/signin/code", ["code": recovery[3].uppercased()]).status == .seeOther)
            #expect(try await b.get("/account").body.contains("9 recovery codes left"))
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/signin/code")
            #expect(try await b.post("/signin/code", ["code": recovery[3]]).status == .unauthorized)
            clock.advance(minutes: 0.5)
            #expect(try await b.post("/signin/code", ["code": Self.code(secret, at: clock.now)]).status == .seeOther)

            // Switching it off needs the password and a code.
            try await b.get("/account")
            let noCode = try await b.post("/account/second-factor/disable", ["disablePassword": TestClient.password, "disableCode": "123456"])
            #expect(noCode.status == .unprocessableContent)
            clock.advance(minutes: 0.5)
            let offAgain = try await b.post(
                "/account/second-factor/disable", ["disablePassword": TestClient.password, "disableCode": Self.code(secret, at: clock.now)])
            #expect(offAgain.status == .seeOther)
            #expect(try await b.get(offAgain.location ?? "/account").body.contains("Two-step sign-in is off"))
            try await b.signOut()
            #expect(try await b.signIn("ruth@example.org").location == "/clients", "one step again")

            // The owner requires it: Maya, without it, is taken to switch it on, and her token stops until she does.
            try await b.signOut()
            _ = try await b.signIn("maya@example.org")
            let mayaToken = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/clients", token: mayaToken).status == .ok)
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            let team = try await b.get("/team")
            #expect(team.body.contains("<td>maya@example.org</td><td>Practitioner</td><td>LCSW 1, Maryland</td><td>Off</td>"), "who has it off")
            #expect(try await b.post("/team/second-factor", ["required": "yes"]).status == .seeOther)
            try await b.signOut()
            _ = try await b.signIn("maya@example.org")
            let sent = try await b.get("/clients")
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/account?enrol=1#second-factor")
            #expect(try await b.get("/account?enrol=1").body.contains("Your practice requires two-step sign-in"))
            try await b.get("/account")
            #expect(try await b.post("/clients", ["displayName": "Jordan"]).status == .seeOther, "a form elsewhere is sent away too")
            #expect(try await b.get("/clients").location == "/account?enrol=1#second-factor")
            #expect(try await b.api(.get, "/api/v1/clients", token: mayaToken).status == .unauthorized, "no way round it by token")
        }
    }
}
