import Foundation
import TandemCore
import TandemStore

/// Setting the practice up and running it without the browser: the command line's use cases (and set-up, which the
/// first-run page shares), with the same rules, hashing and audit as the pages.
public struct PracticeAdministration: Sendable {
    let app: App

    /// API tokens start with this, so a leaked one is recognisable (and findable by secret scanners).
    public static let tokenPrefix = "tdm_"

    /// The practice, or nil before set-up (not clinical: read outside any transaction).
    public func practice() async throws -> Practice? {
        try await self.app.database.reading { tx in try await PracticeStore.practice(on: tx) }
    }

    /// An installation-wide 32-byte secret (the CSRF key), made on first use and shared by every instance.
    public func secret(named name: String) async throws -> Data {
        try await self.app.database.writing { tx in try await PracticeStore.secret(named: name, on: tx) }
    }

    /// Re-wraps the installation's keys under a new key file (`tandem keys rotate`); answers its fingerprint.
    public func rotateKeyFile() async throws -> String { try await self.app.database.rotateKeyFile() }

    /// Re-seals every row under a new data key (`tandem keys rotate --data`); answers whether it is complete.
    @discardableResult
    public func rotateDataKey(maxBatches: Int? = nil, progress: Resealing.Progress? = nil) async throws -> Bool {
        try await self.app.database.rotateDataKey(maxBatches: maxBatches, progress: progress)
    }

    /// Walks the audit chain and records the result (`tandem audit verify`, and the owner's audit page).
    public func verifyAuditChain() async throws -> AuditVerification { try await self.app.database.verifyAuditChain(now: self.app.now) }

    /// Whether the database answers (the readiness check).
    public func ping() async throws { try await self.app.database.ping() }

    /// The crisis text a client reads beside a risk answer: the practice's own, or the default.
    public func crisisText() async throws -> String {
        try await self.app.database.reading { tx in try await PracticeStore.crisisText(on: tx) } ?? CrisisText.standard
    }

    /// The owner sets the practice's crisis text (empty: the default again).
    public func setCrisisText(_ text: String?, by owner: Account) async throws {
        try Accounts.requireOwner(owner, Accounts.ownerChangesOnly)
        let now = self.app.now
        try await self.app.unit { tx in
            let text = try CrisisText.validated(text)
            try await PracticeStore.setCrisisText(text, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: owner.id, action: .crisisTextChanged, detail: text == nil ? "default" : "own"), on: tx)
        }
    }

    /// The first-run set-up: the practice and its owner; refused once the practice exists.
    public func setUp(_ draft: SetupDraft) async throws -> Account {
        if try await self.practice() != nil {
            throw TandemError.conflict(code: .alreadySetUp, message: PracticeStore.alreadySetUpMessage)
        }
        let now = self.app.now
        let valid = try draft.validated()
        let hash = try await self.app.passwords.hash(valid.owner.password)
        return try await self.app.unit { tx in
            let (practice, owner) = try await PracticeStore.setUp(
                practiceName: valid.practiceName, owner: valid.owner, passwordHash: hash, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: owner.id, action: .practiceSetUp, entityType: "practice", entityID: practice.id.description), on: tx
            )
            return owner
        }
    }

    /// Adds an account to the practice.
    public func addUser(name: String, email: String, role: Role, licence: String?, password: String) async throws -> Account {
        try await self.app.accounts.add(AccountDraft(name: name, email: email, licence: licence, password: password), role: role, by: nil)
    }

    /// Creates an API token for the account with `email`, lasting `lifetime` days (30, 90, 365 or never; 90 when
    /// nil), answering the token (shown once, stored as a digest).
    public func createToken(email: String, label: String, lifetime: String? = nil) async throws -> String {
        let account = try await self.account(email: email)
        return try await self.app.accounts.createToken(named: label, lifetime: lifetime, for: account, field: ("name", "Token label"))
    }

    /// Changes the professional profile of the account with `email`: a nil field keeps its value, an empty one clears it.
    public func updateProfile(email: String, licence: String?, ethicsCode: String?, coachingCredential: String?) async throws -> Account {
        let account = try await self.account(email: email)
        let draft = ProfileDraft(
            licence: licence ?? account.licence, ethicsCode: ethicsCode ?? account.ethicsCode,
            coachingCredential: coachingCredential ?? account.coachingCredential
        )
        try await self.app.accounts.updateProfile(of: account.id, draft, by: nil)
        return try await self.app.database.reading { tx in try await AccountStore.find(account.id, on: tx) } ?? account
    }

    /// Adds supervisees to the supervisor with `email` and ends the supervisions named in `ending`, by e-mail.
    public func updateSupervision(email: String, supervises: [String], ending: [String]) async throws -> (Account, [Account]) {
        let supervisor = try await self.account(email: email)
        var ids = supervisor.supervisees
        for address in supervises { ids.insert(try await self.account(email: address).id) }
        for address in ending { ids.remove(try await self.account(email: address).id) }
        let updated = try await self.app.accounts.setSupervisees(of: supervisor.id, to: Array(ids), by: nil)
        let everyone = try await self.app.database.reading { tx in try await AccountStore.all(on: tx) }
        return (updated, everyone.filter { updated.supervisees.contains($0.id) })
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
        if try await self.practice() == nil {
            _ = try await self.setUp(
                SetupDraft(
                    practiceName: "Demo Practice (fictional)",
                    owner: AccountDraft(name: "Demo Owner", email: "demo.owner@example.org", licence: nil, password: password)
                )
            )
        }
        guard let practice = try await self.practice() else { throw TandemError.notFound("The practice") }
        let hash = try await self.app.passwords.hash(password)
        return try await DemoData(self.app.database).generate(
            plan, practiceID: practice.id, passwordHash: hash, now: self.app.now, progress: progress)
    }

    /// Appends `count` chained audit events to the demo practice (timing `tandem audit verify`).
    public func appendDemoAuditHistory(count: Int) async throws {
        try await DemoData(self.app.database).appendAuditHistory(count: count, now: self.app.now)
    }

    private func account(email: String) async throws -> Account {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let found = try await self.app.database.reading { tx -> Account? in
            guard let account = try await AccountStore.credentials(email: email, on: tx)?.account else { return nil }
            return try await AccountStore.withSupervisees(account, on: tx)
        }
        guard let found else { throw TandemError.notFound("An account with \(email)") }
        return found
    }
}
