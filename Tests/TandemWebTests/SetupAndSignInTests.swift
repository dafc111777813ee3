import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Set-up, sign-in, sessions and CSRF")
struct SetupAndSignInTests {
    @Test("An empty installation sends every page to set-up; after set-up the page is gone for good")
    func setupOnce() async throws {
        try await withApp { b, _ in
            #expect(try await b.get("/clients").location == "/setup")
            #expect(try await b.get("/").location == "/setup")
            let form = try await b.get("/setup")
            #expect(form.status == .ok)
            #expect(form.body.contains("Set up Tandem"))
            let refused = try await b.post("/setup", ["practiceName": "P", "name": "R", "email": "r@example.org", "password": "short"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Password must be at least 12 characters"))
            #expect(refused.body.contains(#"value="r@example.org""#), "what was typed is kept")
            #expect(!refused.body.contains(#"value="short""#), "but never the password")
            try await b.setUp()
            #expect(try await b.get("/clients").status == .ok, "set-up signs the owner in")
            #expect(try await b.get("/setup").location == "/signin")
            let second = try await b.post(
                "/setup", ["practiceName": "Evil", "name": "Eve", "email": "eve@example.org", "password": TestClient.password])
            #expect(second.status == .conflict)
            #expect(second.body.contains("already set up"))
        }
    }

    @Test("A state-changing form without the right CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.get("/clients/new")
            let missing = try await b.post("/clients", ["displayName": "Mallory's victim"], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("This form has expired"))
            let forged = try await b.post("/clients", ["displayName": "Mallory's victim", "_csrf": "forged-token"])
            #expect(forged.status == .forbidden)
            let list = try await b.get("/clients?status=all")
            #expect(!list.body.contains("victim"))
            let signout = try await b.post("/signout", [:], csrf: false)
            #expect(signout.status == .forbidden, "even signing out needs the token")
        }
    }

    @Test("Session cookie: HttpOnly and SameSite=Lax")
    func cookieFlags() async throws {
        try await withApp { b, _ in
            try await b.get("/setup")
            let page = try await b.post(
                "/setup", ["practiceName": "P", "name": "Ruth", "email": "ruth@example.org", "password": TestClient.password])
            let cookie = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("tandem_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"), "Secure only with --secure-cookies")
        }
    }

    @Test("Five failed sign-ins lock the email for 15 minutes, with the same answer whether or not the account exists")
    func lockout() async throws {
        try await withApp { b, clock in
            try await b.setUp()
            try await b.signOut()
            for attempt in 1...4 {
                let page = try await b.signIn("ruth@example.org", password: "wrong password \(attempt)")
                #expect(page.status == .unauthorized)
                #expect(page.body.contains("The email or password is not right."))
            }
            let fifth = try await b.signIn("ruth@example.org", password: "wrong password 5")
            #expect(fifth.status == .tooManyRequests)
            #expect(fifth.body.contains("sign-in is paused for 15 minutes"))
            let correct = try await b.signIn("ruth@example.org")
            #expect(correct.status == .tooManyRequests, "even the right password waits out the lock")
            clock.advance(minutes: 15)
            #expect(try await b.signIn("ruth@example.org").status == .seeOther)

            // An address with no account answers exactly the same way.
            try await b.signOut()
            var answers: [String] = []
            for attempt in 1...5 {
                let page = try await b.signIn("nobody@example.org", password: "wrong password \(attempt)")
                answers.append("\(page.status.code)")
            }
            #expect(answers == ["401", "401", "401", "401", "429"])
        }
    }

    @Test("One password tried against 60 emails from one address: paused after 20, the portal too, for 15 minutes")
    func addressLockout() async throws {
        try await withApp { b, clock in
            try await b.setUp()
            try await b.signOut()
            var statuses: [UInt] = []
            for n in 1...60 {
                let page = try await b.signIn("person\(n)@example.org", password: "Summer2026!Summer")
                statuses.append(UInt(page.status.code))
            }
            #expect(statuses.prefix(19).allSatisfy { $0 == 401 })
            #expect(statuses.dropFirst(19).allSatisfy { $0 == 429 }, "the 20th failure locks the address; the rest are not even tried")
            let owner = try await b.signIn("ruth@example.org")
            #expect(owner.status == .tooManyRequests, "the right password from that address waits too")
            #expect(owner.body.contains("from this network"))
            try await b.get("/portal/signin")
            #expect(try await b.post("/portal/signin", ["email": "jo@example.org", "password": "a calm river at dawn"]).status == .tooManyRequests)
            clock.advance(minutes: 15)
            #expect(try await b.signIn("ruth@example.org").status == .seeOther)
        }
    }

    @Test("A session ends after 15 idle minutes; activity keeps it alive")
    func idleTimeout() async throws {
        try await withApp { b, clock in
            try await b.setUp()
            clock.advance(minutes: 10)
            #expect(try await b.get("/clients").status == .ok)
            clock.advance(minutes: 10)
            #expect(try await b.get("/clients").status == .ok, "20 minutes in, but only 10 idle")
            clock.advance(minutes: 15.5)
            let expired = try await b.get("/clients?q=x")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/signin?next=/clients%3Fq%3Dx&expired=1")
            let signin = try await b.get(expired.location!)
            #expect(signin.body.contains("Your session ended after 15 minutes without activity"))
        }
    }

    @Test("A session ends 12 hours after sign-in however active, on both sides, and the sign-in page says why")
    func absoluteLifetime() async throws {
        try await withApp { b, clock in
            let (token, e, _) = try await PortalTests.practice(b, clock: clock)
            let invitation = try await PortalTests.invite(b, token: token, engagement: e)
            try await b.signOut()
            try await b.get(invitation)
            _ = try await b.post(invitation, ["email": "jordan@example.org", "password": "a calm river at dawn"])
            _ = try await b.signIn("maya@example.org")
            for step in 1...71 {
                clock.advance(minutes: 10)
                #expect(try await b.get("/clients").status == .ok, "active, \(step * 10) minutes in")
                #expect(try await b.get("/portal").status == .ok, "the client, active, \(step * 10) minutes in")
            }
            clock.advance(minutes: 11)
            let ended = try await b.get("/clients")
            #expect(ended.status == .seeOther)
            #expect(ended.location == "/signin?next=/clients&expired=lifetime")
            #expect(try await b.get(ended.location!).body.contains("Your session ended 12 hours after you signed in"))
            let portal = try await b.get("/portal")
            #expect(portal.status == .seeOther && portal.location == "/portal/signin?expired=lifetime")
            #expect(try await b.get("/portal/signin?expired=lifetime").body.contains("You were signed out"))
        }
    }

    @Test("Changing the password keeps this session, ends the others, revokes the API tokens, and says so")
    func passwordChange() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let token = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/clients", token: token).status == .ok)
            let other = TestClient(b.client)
            #expect(try await other.signIn("ruth@example.org").status == .seeOther)
            #expect(try await other.get("/clients").status == .ok)
            try await b.get("/account")
            let new = "another calm river at dusk"
            let changed = try await b.post(
                "/account/password", ["currentPassword": TestClient.password, "newPassword": new, "confirmPassword": new])
            #expect(changed.status == .seeOther)
            let page = try await b.get(try #require(changed.location))
            #expect(page.body.contains("your API tokens revoked"))
            #expect(try await b.get("/clients").status == .ok, "this session stays")
            #expect(try await other.get("/clients").status == .seeOther, "the other session ended")
            #expect(try await b.api(.get, "/api/v1/clients", token: token).status == .unauthorized, "the token was revoked")
            other.cookies.withLock { $0 = [:] }
            #expect(try await other.signIn("ruth@example.org").status == .unauthorized, "the old password no longer signs in")
            #expect(try await other.signIn("ruth@example.org", password: new).status == .seeOther)
        }
    }

    @Test("Sign-out ends the session on the server, not just in the browser")
    func signOutEndsSession() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let stolen = b.cookies.withLock { $0["tandem_session"] }!
            try await b.signOut()
            b.cookies.withLock { $0["tandem_session"] = stolen }
            #expect(try await b.get("/clients").location?.hasPrefix("/signin") == true)
        }
    }

    @Test("After sign-in the browser returns to the page it asked for, never to another site")
    func nextTarget() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.signOut()
            try await b.get("/signin")
            #expect(
                try await b.post("/signin", ["email": "ruth@example.org", "password": TestClient.password, "next": "/account"]).location == "/account"
            )
            try await b.signOut()
            try await b.get("/signin")
            #expect(
                try await b.post("/signin", ["email": "ruth@example.org", "password": TestClient.password, "next": "//evil.example/"]).location
                    == "/clients")
        }
    }
}
