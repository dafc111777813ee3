import Foundation
import TandemCore
import TandemStore

/// Setting the practice up and running it without the browser: the command line's use cases (and set-up, which the
/// first-run page shares), with the same rules, hashing and audit as the pages.
public struct PracticeAdministration: Sendable {
    let app: App

    /// API tokens start with this, so a leaked one is recognisable (and findable by secret scanners).
    public static let tokenPrefix = "tdm_"

    /// The first-run set-up: the practice and its owner; refused once the practice exists.
    public func setUp(_ draft: SetupDraft) async throws -> Account {
        if try await PracticeStore(self.app.database).practice() != nil {
            throw TandemError.conflict(code: "already_set_up", message: PracticeStore.alreadySetUpMessage)
        }
        let valid = try draft.validated()
        let hash = try await self.app.passwords.hash(valid.owner.password)
        return try await PracticeStore(self.app.database).setUp(practiceName: valid.practiceName, owner: valid.owner, passwordHash: hash, at: self.app.now).1
    }

    /// Adds an account to the practice.
    public func addUser(name: String, email: String, role: Role, licence: String?, password: String) async throws -> Account {
        guard let practice = try await PracticeStore(self.app.database).practice() else {
            throw TandemError.conflict(code: "not_set_up", message: "Set the practice up first: tandem setup --practice NAME --email E --name N")
        }
        let valid = try AccountDraft(name: name, email: email, licence: licence, password: password).validated(role: role)
        let hash = try await self.app.passwords.hash(valid.password)
        return try await AccountStore(self.app.database).create(valid, practiceID: practice.id, passwordHash: hash, by: nil, at: self.app.now)
    }

    /// Creates an API token for the account with `email`, answering the token (shown once, stored as a digest).
    public func createToken(email: String, label: String) async throws -> String {
        let account = try await self.account(email: email)
        var v = Validator()
        let name = v.required("name", "Token label", label, max: 100)
        try v.check()
        let token = Secrets.randomToken(prefix: Self.tokenPrefix)
        _ = try await TokenStore(self.app.database).create(name: name, tokenHash: Secrets.digest(token), for: account.id, at: self.app.now)
        return token
    }

    /// Changes the professional profile of the account with `email`: a nil field keeps its value, an empty one clears it.
    public func updateProfile(email: String, licence: String?, ethicsCode: String?, coachingCredential: String?) async throws -> Account {
        let account = try await self.account(email: email)
        let profile = try ProfileDraft(
            licence: licence ?? account.licence, ethicsCode: ethicsCode ?? account.ethicsCode, coachingCredential: coachingCredential ?? account.coachingCredential
        ).validated()
        let accounts = AccountStore(self.app.database)
        try await accounts.updateProfile(of: account.id, to: profile, by: nil, at: self.app.now)
        return try await accounts.find(account.id) ?? account
    }

    /// A consistent copy of the SQLite database, taken online.
    public func backup(to path: String) async throws {
        try await self.app.database.backup(to: path)
    }

    /// Generates a fictional practice; sets the practice up first (owner demo.owner@example.org) if it is not yet.
    public func generateDemo(
        _ plan: DemoData.Plan, password: String, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> (practitioners: [String], sessions: Int) {
        for problem in PasswordPolicy.problems(password) { throw TandemError.invalid("password", problem) }
        let practices = PracticeStore(self.app.database)
        if try await practices.practice() == nil {
            _ = try await self.setUp(
                SetupDraft(
                    practiceName: "Demo Practice (fictional)",
                    owner: AccountDraft(name: "Demo Owner", email: "demo.owner@example.org", licence: nil, password: password)
                )
            )
        }
        guard let practice = try await practices.practice() else { throw TandemError.notFound("The practice") }
        let hash = try await self.app.passwords.hash(password)
        return try await DemoData(self.app.database).generate(plan, practiceID: practice.id, passwordHash: hash, now: self.app.now, progress: progress)
    }

    private func account(email: String) async throws -> Account {
        guard let account = try await AccountStore(self.app.database).credentials(email: email.trimmingCharacters(in: .whitespaces).lowercased())?.account else {
            throw TandemError.notFound("An account with that email")
        }
        return account
    }
}
