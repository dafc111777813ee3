import Foundation
import Logging
import Prometheus
import TandemCore
import TandemStore

/// What the command line can do without the HTTP server, with the same rules, hashing and audit as the pages.
public struct AdminConsole: Sendable {
    let services: AppServices

    /// Opens the database (migrating it) for one command. Call `close()` when done.
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> AdminConsole {
        let database = try await TandemDatabase.open(configuration.database, logger: logger)
        do {
            return AdminConsole(services: try await AppServices.make(configuration, database: database, metrics: PrometheusCollectorRegistry()))
        } catch {
            try? await database.close()
            throw error
        }
    }

    public func close() async throws { try await self.services.database.close() }

    /// The first-run set-up; refused once the practice exists.
    public func setUp(practiceName: String, ownerName: String, email: String, licence: String?, password: String) async throws -> Account {
        if try await self.services.practice() != nil {
            throw TandemError.conflict(code: "already_set_up", message: PracticeStore.alreadySetUpMessage)
        }
        let valid = try SetupDraft(practiceName: practiceName, owner: AccountDraft(name: ownerName, email: email, licence: licence, password: password)).validated()
        let hash = try await self.services.passwords.hash(valid.owner.password)
        return try await self.services.practices.setUp(practiceName: valid.practiceName, owner: valid.owner, passwordHash: hash, at: self.services.now).1
    }

    /// Adds an account to the practice.
    public func addUser(name: String, email: String, role: Role, licence: String?, password: String) async throws -> Account {
        guard let practice = try await self.services.practice() else {
            throw TandemError.conflict(code: "not_set_up", message: "Set the practice up first: tandem setup --practice NAME --email E --name N")
        }
        let valid = try AccountDraft(name: name, email: email, licence: licence, password: password).validated(role: role)
        let hash = try await self.services.passwords.hash(valid.password)
        return try await self.services.accounts.create(valid, practiceID: practice.id, passwordHash: hash, by: nil, at: self.services.now)
    }

    /// Creates an API token for the account with `email`, answering the token (shown once, stored as a digest).
    public func createToken(email: String, label: String) async throws -> String {
        guard let account = try await self.services.accounts.credentials(email: email.trimmingCharacters(in: .whitespaces).lowercased())?.account else {
            throw TandemError.notFound("An account with that email")
        }
        var v = Validator()
        let name = v.required("name", "Token label", label, max: 100)
        try v.check()
        let token = Secrets.randomToken(prefix: AccountController.tokenPrefix)
        _ = try await self.services.tokens.create(name: name, tokenHash: Secrets.digest(token), for: account.id, at: self.services.now)
        return token
    }

    /// Changes the professional profile of the account with `email`: a nil field keeps its value, an empty one clears it.
    public func updateProfile(email: String, licence: String?, ethicsCode: String?, coachingCredential: String?) async throws -> Account {
        guard let account = try await self.services.accounts.credentials(email: email.trimmingCharacters(in: .whitespaces).lowercased())?.account else {
            throw TandemError.notFound("An account with that email")
        }
        let profile = try ProfileDraft(
            licence: licence ?? account.licence, ethicsCode: ethicsCode ?? account.ethicsCode, coachingCredential: coachingCredential ?? account.coachingCredential
        ).validated()
        try await self.services.accounts.updateProfile(of: account.id, to: profile, by: nil, at: self.services.now)
        return try await self.services.accounts.find(account.id) ?? account
    }

    /// A consistent copy of the SQLite database, taken online.
    public func backup(to path: String) async throws {
        try await self.services.database.backup(to: path)
    }

    /// Generates a fictional practice; sets the practice up first (owner demo.owner@example.org) if it is not yet.
    public func generateDemo(
        _ plan: DemoData.Plan, password: String, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> (practitioners: [String], sessions: Int) {
        for problem in PasswordPolicy.problems(password) { throw TandemError.invalid("password", problem) }
        if try await self.services.practice() == nil {
            _ = try await self.setUp(practiceName: "Demo Practice (fictional)", ownerName: "Demo Owner", email: "demo.owner@example.org", licence: nil, password: password)
        }
        guard let practice = try await self.services.practice() else { throw TandemError.notFound("The practice") }
        let hash = try await self.services.passwords.hash(password)
        return try await DemoData(self.services.database).generate(
            plan, practiceID: practice.id, passwordHash: hash, now: self.services.now, progress: progress
        )
    }
}
