import Foundation
import HummingbirdBcrypt
import Logging
import TandemCore
import TandemStore
import Testing

@testable import TandemApp

/// Passwords are taken whole: every byte counts (no 72-byte cut, no stop at NUL), control characters are refused, and
/// hashes made before the pre-hash still sign in and are remade at that sign-in.
@Suite("Passwords, whole")
struct PasswordTests {
    static func withAdmin(_ body: (App) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-passwords-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await App.open(.dataDirectory(folder.path), keys: .ephemeral(), bcryptCost: 4, logger: Logger(label: "passwords"))
        do {
            try await body(app)
            try await app.close()
        } catch {
            try? await app.close()
            throw error
        }
    }

    static func signsIn(_ app: App, _ email: String, _ password: String) async throws -> Bool {
        if case .signedIn = try await app.signIn.signIn(email: email, password: password, from: "192.0.2.1", idleTimeout: 900) { return true }
        return false
    }

    @Test("A 100-byte passphrase signs in whole; its first 72 bytes, or any other prefix, do not")
    func longPassphrase() async throws {
        try await Self.withAdmin { app in
            let long = String(repeating: "a calm river ", count: 7) + "at dawn 42"
            #expect(long.utf8.count > 72)
            _ = try await app.administration.setUp(
                SetupDraft(
                    practiceName: "Riverside", owner: AccountDraft(name: "Ruth Owner", email: "ruth@example.org", licence: nil, password: long)))
            #expect(try await Self.signsIn(app, "ruth@example.org", long))
            #expect(try await !Self.signsIn(app, "ruth@example.org", String(long.utf8.prefix(72))!))
            #expect(try await !Self.signsIn(app, "ruth@example.org", long + "x"))
            #expect(try await !Self.signsIn(app, "ruth@example.org", String(long.dropLast())))
        }
    }

    @Test("A password with NUL is refused when set, naming the field; it is never cut at the NUL")
    func nulRefused() async throws {
        try await Self.withAdmin { app in
            do {
                _ = try await app.administration.setUp(
                    SetupDraft(
                        practiceName: "Riverside",
                        owner: AccountDraft(name: "Ruth Owner", email: "ruth@example.org", licence: nil, password: "Z\u{0}q8#Lm2vR7tKp")))
                Issue.record("a password with NUL was accepted")
            } catch let TandemError.validation(errors) {
                #expect(errors.contains { $0.field.hasSuffix("password") && $0.message.contains("control characters") }, "\(errors)")
            }
            #expect(try await app.administration.practice() == nil, "nothing was set up")
        }
    }

    @Test("A hash from before the pre-hash signs in, is remade at that sign-in, and never matches past 72 bytes")
    func legacyUpgraded() async throws {
        try await Self.withAdmin { app in
            let password = "a calm river at dawn"
            let owner = try await app.administration.setUp(
                SetupDraft(
                    practiceName: "Riverside", owner: AccountDraft(name: "Ruth Owner", email: "ruth@example.org", licence: nil, password: password)))
            // As an older Tandem stored it: bcrypt of the password itself.
            let legacy = Bcrypt.hash(password, cost: 4)
            try await app.database.writing { tx in try await AccountStore.replacePasswordHash(of: owner.id, with: legacy, on: tx) }
            #expect(try await !Self.signsIn(app, "ruth@example.org", "a calm river"))
            #expect(try await Self.signsIn(app, "ruth@example.org", password))
            let stored = try #require(try await app.database.reading { tx in try await AccountStore.passwordHash(of: owner.id, on: tx) })
            #expect(stored.hasPrefix(PasswordHasher.prefix) && stored != legacy, "remade the current way")
            #expect(try await Self.signsIn(app, "ruth@example.org", password), "and the same password still signs in")

            // An old hash of a 72-byte password: bcrypt read only those 72, so nothing longer may match it.
            let seventyTwo = String(repeating: "river stone ", count: 6)
            #expect(seventyTwo.utf8.count == 72)
            try await app.database.writing { tx in
                try await AccountStore.replacePasswordHash(of: owner.id, with: Bcrypt.hash(seventyTwo, cost: 4), on: tx)
            }
            #expect(try await !Self.signsIn(app, "ruth@example.org", seventyTwo + "and more"), "a suffix past bcrypt's 72 bytes")
            #expect(try await Self.signsIn(app, "ruth@example.org", seventyTwo))
        }
    }
}
