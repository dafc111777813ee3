import Foundation
import Testing

@testable import TandemCore

@Suite("Passwords, sign-in lockout and who sees which client")
struct AccountRulesTests {
    @Test("Passwords: 12 to 256 characters of any script, no control characters, not common, not the email")
    func passwordPolicy() {
        #expect(PasswordPolicy.problems("a calm river at dawn").isEmpty)
        #expect(PasswordPolicy.problems("").first == "Password is required.")
        #expect(PasswordPolicy.problems("short pass").first?.contains("at least 12 characters (it has 10)") == true)
        #expect(PasswordPolicy.problems("Password1234").first?.contains("too common") == true, "the list is checked case-insensitively")
        #expect(PasswordPolicy.problems("qwertyuiop123").first?.contains("too common") == true)
        #expect(PasswordPolicy.problems("aaaaaaaaaaaaaaa").first?.contains("too common") == true, "one repeated character")
        #expect(PasswordPolicy.problems("abababababababab").first?.contains("too common") == true, "two alternating characters")
        #expect(PasswordPolicy.problems("123456789012345").first?.contains("too common") == true, "a run of consecutive digits")
        #expect(
            PasswordPolicy.problems("ruth.owner-secret-2026", email: "ruth.owner@example.org").first
                == "Password must not contain your email address.")
        #expect(PasswordPolicy.problems("river café " + String(repeating: "é", count: 40)).isEmpty, "91 bytes of UTF-8 are fine")
        #expect(PasswordPolicy.problems("пароль для кошки и собаки").isEmpty, "any script")
        #expect(PasswordPolicy.problems(String(repeating: "calm river ", count: 23)).isEmpty, "a 253-character passphrase")
        #expect(PasswordPolicy.problems(String(repeating: "calm river ", count: 24)).first?.contains("at most 256 characters (it has 264)") == true)
        for control in ["\u{0}", "\t", "\n", "\u{1B}", "\u{7F}", "\u{85}"] {
            #expect(
                PasswordPolicy.problems("Z" + control + "q8#Lm2vR7tKp").first?.contains("must not contain control characters") == true,
                "U+\(String(control.unicodeScalars.first!.value, radix: 16))")
        }
    }

    @Test("Five failures lock sign-in for 15 minutes; the lock then runs out and the count restarts")
    func lockout() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var state = SignInThrottle()
        for n in 1...4 {
            state = state.recordingFailure(at: t0)
            #expect(state.failures == n)
            #expect(!state.isLocked(at: t0), "not locked after \(n) failures")
        }
        state = state.recordingFailure(at: t0)
        #expect(state.isLocked(at: t0))
        #expect(state.isLocked(at: t0.addingTimeInterval(14 * 60 + 59)))
        #expect(state.minutesLeft(at: t0.addingTimeInterval(60)) == 14)
        #expect(!state.isLocked(at: t0.addingTimeInterval(15 * 60)))
        let after = state.recordingFailure(at: t0.addingTimeInterval(16 * 60))
        #expect(after.failures == 1, "a lock that ran out starts a fresh count")
        #expect(!after.isLocked(at: t0.addingTimeInterval(16 * 60)))
        let quiet = SignInThrottle().recordingFailure(at: t0).recordingFailure(at: t0.addingTimeInterval(15 * 60))
        #expect(quiet.failures == 1, "a count whose 15-minute window ran out starts again")
        #expect(quiet.expiresAt == t0.addingTimeInterval(30 * 60))
    }

    @Test("A network address is locked after 20 failures within 15 minutes, whatever emails they named")
    func addressLockout() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var state = SignInThrottle()
        for n in 1...19 { state = state.recordingFailure(at: t0.addingTimeInterval(Double(n)), kind: .address) }
        #expect(!state.isLocked(at: t0.addingTimeInterval(20)))
        state = state.recordingFailure(at: t0.addingTimeInterval(20), kind: .address)
        #expect(state.isLocked(at: t0.addingTimeInterval(20)))
        #expect(state.expiresAt == state.lockedUntil, "the row lives as long as its lock")
        #expect(SignInThrottle.lockedMessage(minutes: 15, kind: .address).contains("from this network"))
    }

    @Test("A practitioner edits their own clients; the owner reads all; nobody else learns a client exists")
    func clientAccess() {
        let now = Date()
        let owner = Account(id: .init(), name: "Ruth", email: "ruth@example.org", role: .owner, licence: nil, createdAt: now)
        let amy = Account(id: .init(), name: "Amy", email: "amy@example.org", role: .practitioner, licence: nil, createdAt: now)
        let ben = Account(id: .init(), name: "Ben", email: "ben@example.org", role: .practitioner, licence: nil, createdAt: now)
        let client = Client(
            id: .init(), practitionerID: amy.id, displayName: "C", email: nil, phone: nil, dateOfBirth: nil, status: .active, createdAt: now,
            updatedAt: now)
        #expect(ClientAccess.of(client, for: amy) == .edit)
        #expect(ClientAccess.of(client, for: owner) == .readOnly)
        #expect(ClientAccess.of(client, for: ben) == .hidden)
        let ownersOwn = Client(
            id: .init(), practitionerID: owner.id, displayName: "D", email: nil, phone: nil, dateOfBirth: nil, status: .active, createdAt: now,
            updatedAt: now)
        #expect(ClientAccess.of(ownersOwn, for: owner) == .edit)
        #expect(ClientScope.of(owner) == .practice)
        #expect(ClientScope.of(ben) == .practitioner(ben.id))
    }

    @Test("Set-up reports the practice's and the owner's errors together")
    func setupErrors() {
        do {
            _ = try SetupDraft(practiceName: "", owner: AccountDraft(name: "Ruth", email: "bad", password: "short")).validated()
            Issue.record("expected errors")
        } catch {
            guard case .validation(let errors) = error else {
                Issue.record("wrong error")
                return
            }
            #expect(errors.map(\.field) == ["practiceName", "email", "password"])
        }
    }
}
