import Foundation
import TandemCore
import TandemStore

/// What a sign-in attempt came to, for a practitioner (`Account`) or a client in the portal (`ClientAccount`).
public enum SignInResult<Who: Sendable>: Sendable {
    /// Signed in: who, and the secret of the new browser session (for the cookie; only its digest is stored).
    case signedIn(Who, sessionToken: String)
    /// Refused, with the sentence to show.
    case refused(SignInRefusal)
    /// The password was right and the account has two-step sign-in: nothing is granted until the code follows, with
    /// this challenge's secret (for a short-lived cookie; only its digest is stored).
    case needsSecondFactor(challenge: String)
}

/// The account of a browser session, and whether it must enrol in two-step sign-in first (the practice requires it).
public struct SignedInAccount: Sendable {
    public let account: Account
    public let mustEnrol: Bool
}

/// A refused sign-in: the sentence to show, and whether the throttle now holds the address.
public struct SignInRefusal: Sendable {
    public let message: String
    public let locked: Bool
}

extension App {
    /// The refusal, if the network address or the e-mail address is locked out now (the address first).
    func lockedOut(_ email: String, _ address: String, at now: Date) async throws -> SignInRefusal? {
        let (byEmail, byAddress) = try await self.database.reading { tx in
            (
                try await SignInThrottleStore.state(for: email, kind: .email, at: now, on: tx),
                try await SignInThrottleStore.state(for: address, kind: .address, at: now, on: tx)
            )
        }
        for (throttle, kind) in [(byAddress, SignInThrottle.Kind.address), (byEmail, .email)] where throttle.isLocked(at: now) {
            return SignInRefusal(message: SignInThrottle.lockedMessage(minutes: throttle.minutesLeft(at: now), kind: kind), locked: true)
        }
        return nil
    }

    /// Counts one failed sign-in step against the e-mail address and the network address and audits it, in one
    /// transaction; answers the refusal to show (locked: the address first, then the e-mail), or nil when neither
    /// is locked yet.
    func recordFailure(_ email: String, _ address: String, actor: Account.ID?, action: AuditAction, at now: Date) async throws
        -> SignInRefusal?
    {
        let (byEmail, byAddress) = try await self.unit { tx in
            let byEmail = try await SignInThrottleStore.recordFailure(for: email, kind: .email, at: now, on: tx)
            let byAddress = try await SignInThrottleStore.recordFailure(for: address, kind: .address, at: now, on: tx)
            try await AuditStore.append(AuditEvent(at: now, actorID: actor, action: action, outcome: .denied), on: tx)
            return (byEmail, byAddress)
        }
        for (throttle, kind) in [(byAddress, SignInThrottle.Kind.address), (byEmail, .email)] where throttle.isLocked(at: now) {
            return SignInRefusal(message: SignInThrottle.lockedMessage(minutes: throttle.minutesLeft(at: now), kind: kind), locked: true)
        }
        return nil
    }

    /// A password checked under the sign-in throttle of `key` (the e-mail address) and of `address` (the network
    /// address it came from), for both realms: a locked key or address is refused without looking at the password; a
    /// failure is counted against both and audited as `failure` (with the account, if the e-mail named one) in one
    /// transaction; a success clears the e-mail's count (not the address's) and `open`s a browser session.
    func throttledSignIn<Who: Sendable>(
        key: String, address: String, password: String, failure: AuditAction,
        credentials: @escaping @Sendable (Transaction) async throws -> (Who, hash: String, actor: Account.ID?)?,
        rehash: @escaping @Sendable (Who, String, Transaction) async throws -> Void,
        open: (Who) async throws -> SignInResult<Who>
    ) async throws -> SignInResult<Who> {
        let now = self.now
        if let refusal = try await self.lockedOut(key, address, at: now) { return .refused(refusal) }
        let found = try await self.database.reading(credentials)
        guard try await self.passwords.verify(password, against: found?.hash), let who = found?.0 else {
            let locked = try await self.recordFailure(key, address, actor: found?.actor, action: failure, at: now)
            return .refused(locked ?? SignInRefusal(message: SignInThrottle.refusedMessage, locked: false))
        }
        try await self.database.writing { tx in try await SignInThrottleStore.clear(for: key, kind: .email, on: tx) }
        if let old = found?.hash, self.passwords.needsUpgrade(old) {
            // The password just proved itself: its hash is remade the current way (pre-hashed, every byte counting).
            let upgraded = try await self.passwords.hash(password)
            try await self.database.writing { tx in try await rehash(who, upgraded, tx) }
        }
        return try await open(who)
    }
}

/// Signing in and out of the practitioner side, and who a browser session or an API token belongs to. Failed
/// attempts are throttled per e-mail address and per network address in the database (so every instance agrees) and audited.
public struct SignIn: Sendable {
    let app: App

    /// Checks the password (bcrypt on its own thread, outside any transaction) and opens a browser session.
    public func signIn(email: String, password: String, from address: String, idleTimeout: TimeInterval) async throws -> SignInResult<Account> {
        try await self.app.throttledSignIn(
            key: email, address: address, password: password, failure: .signInFailed,
            credentials: { tx in try await AccountStore.credentials(email: email, on: tx).map { ($0.account, $0.passwordHash, $0.account.id) } },
            rehash: { account, hash, tx in try await AccountStore.replacePasswordHash(of: account.id, with: hash, on: tx) },
            open: { account in
                let now = self.app.now
                let hasSecondFactor = try await self.app.database.reading { tx in try await SecondFactorStore.isOn(for: account.id, on: tx) }
                guard hasSecondFactor else { return .signedIn(account, sessionToken: try await self.open(for: account, idleTimeout: idleTimeout)) }
                let challenge = Secrets.randomToken()
                try await self.app.database.writing { tx in
                    try await SecondFactorStore.createChallenge(
                        tokenHash: Secrets.digest(challenge), for: account.id, expiresAt: now.addingTimeInterval(SecondFactor.challengeLifetime),
                        now: now, on: tx)
                }
                return .needsSecondFactor(challenge: challenge)
            }
        )
    }

    /// The sign-in's second step: a code (or a recovery code) for the challenge the first step made, throttled like
    /// the first (per email and per address). A wrong code is counted and audited; a replayed one is refused.
    public func completeSecondFactor(challenge: String, code: String?, from address: String, idleTimeout: TimeInterval) async throws
        -> SignInResult<Account>
    {
        let now = self.app.now
        let hash = Secrets.digest(challenge)
        guard let account = try await self.app.database.reading({ tx in try await SecondFactorStore.challenge(tokenHash: hash, at: now, on: tx) })
        else {
            return .refused(SignInRefusal(message: SecondFactor.challengeEndedMessage, locked: false))
        }
        if let refusal = try await self.app.lockedOut(account.email, address, at: now) { return .refused(refusal) }
        let checked = try await self.app.unit { tx in
            let checked = try await self.app.secondFactors.check(code, for: account.id, at: now, on: tx)
            if checked == .accepted { try await SecondFactorStore.endChallenge(tokenHash: hash, on: tx) }
            return checked
        }
        guard checked == .accepted else {
            let locked = try await self.app.recordFailure(account.email, address, actor: account.id, action: .secondFactorFailed, at: now)
            let message = checked == .replayed ? SecondFactor.replayMessage : SecondFactor.refusedMessage
            return .refused(locked ?? SignInRefusal(message: message, locked: false))
        }
        try await self.app.database.writing { tx in try await SignInThrottleStore.clear(for: account.email, kind: .email, on: tx) }
        return .signedIn(account, sessionToken: try await self.open(for: account, idleTimeout: idleTimeout))
    }

    /// Opens a browser session for an account whose identity is settled (a sign-in, or the owner just set up);
    /// answers its secret. Sessions idle longer than `idleTimeout` are dropped here rather than by a background job.
    public func open(for account: Account, idleTimeout: TimeInterval) async throws -> String {
        let now = self.app.now
        let token = Secrets.randomToken()
        try await self.app.unit { tx in
            try await WebSessionStore.deleteIdle(since: now.addingTimeInterval(-idleTimeout), on: tx)
            try await WebSessionStore.create(tokenHash: Secrets.digest(token), for: account.id, at: now, on: tx)
            try await AuditStore.append(AuditEvent(at: now, actorID: account.id, action: .signIn), on: tx)
        }
        return token
    }

    /// Ends the browser session with this token digest.
    public func signOut(sessionHash: String, account: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            try await WebSessionStore.delete(tokenHash: sessionHash, on: tx)
            try await AuditStore.append(AuditEvent(at: now, actorID: account.id, action: .signOut), on: tx)
        }
    }

    /// The account signed in with a browser session, and when the session was last used (every page asks this first:
    /// one query, no transaction).
    public func session(_ hash: String) async throws -> (SignedInAccount, lastSeen: Date, began: Date)? {
        try await self.app.database.reading { tx in
            try await WebSessionStore.findSignedIn(tokenHash: hash, on: tx).map {
                (SignedInAccount(account: $0.account, mustEnrol: $0.mustEnrol), $0.session.lastSeenAt, $0.session.createdAt)
            }
        }
    }

    /// Notes that the session was used now (it stays alive for another idle period).
    public func touch(_ hash: String) async throws {
        let now = self.app.now
        try await self.app.database.writing { tx in try await WebSessionStore.touch(tokenHash: hash, at: now, on: tx) }
    }

    /// Ends a session that ran out.
    public func end(_ hash: String) async throws {
        try await self.app.database.writing { tx in try await WebSessionStore.delete(tokenHash: hash, on: tx) }
    }

    /// The account of a live API token, noting its use at most once a minute (so API reads do not turn into writes).
    public func account(forAPIToken token: String) async throws -> Account? {
        let now = self.app.now
        guard let live = try await self.app.database.reading({ tx in try await TokenStore.live(tokenHash: Secrets.digest(token), at: now, on: tx) })
        else {
            return nil
        }
        if live.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await self.app.database.writing { tx in try await TokenStore.recordUse(live.id, at: now, on: tx) }
        }
        return live.account
    }
}

/// A practitioner's own account (password, profile, session defaults, API tokens) and the owner's team.
public struct Accounts: Sendable {
    let app: App

    /// Changes the password after checking the current one; ends the account's other browser sessions.
    public func changePassword(
        of account: Account, current: String, new: String, confirmation: String?, keepingSession keep: String?
    ) async throws {
        let now = self.app.now
        var errors: [FieldError] = []
        let hash = try await self.app.database.reading { tx in try await AccountStore.passwordHash(of: account.id, on: tx) }
        if try await !self.app.passwords.verify(current, against: hash) {
            errors.append(.init(field: "currentPassword", message: "Your current password is not right."))
        }
        errors += PasswordPolicy.problems(new, email: account.email, name: account.name).map { .init(field: "newPassword", message: $0) }
        if errors.isEmpty, new != confirmation {
            errors.append(.init(field: "confirmPassword", message: "The two new passwords are not the same."))
        }
        guard errors.isEmpty else { throw TandemError.validation(errors) }
        let newHash = try await self.app.passwords.hash(new)
        try await self.app.unit { tx in
            try await AccountStore.changePassword(of: account.id, to: newHash, keepingSession: keep, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .passwordChanged, entityType: "account", entityID: account.id.description), on: tx)
        }
    }

    public func updateProfile(of account: Account, _ draft: ProfileDraft) async throws {
        try await self.updateProfile(of: account.id, draft, by: account.id)
    }

    func updateProfile(of id: Account.ID, _ draft: ProfileDraft, by actor: Account.ID?) async throws {
        let now = self.app.now
        let profile = try draft.validated()
        try await self.app.unit { tx in
            try await AccountStore.updateProfile(of: id, to: profile, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor, action: .profileUpdated, entityType: "account", entityID: id.description), on: tx)
        }
    }

    public func updateSessionDefaults(
        of account: Account, timeZone: String?, openingPercent: String?, closingPercent: String?, noteFormat: String? = nil
    ) async throws {
        let now = self.app.now
        let defaults = try SessionDefaults.validated(
            timeZone: timeZone, openingPercent: openingPercent, closingPercent: closingPercent, noteFormat: noteFormat)
        try await self.app.unit { tx in
            try await AccountStore.updateSessionDefaults(of: account.id, to: defaults, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .sessionDefaultsUpdated, entityType: "account", entityID: account.id.description),
                on: tx
            )
        }
    }

    /// Creates an API token lasting `lifetime` days ("30", "90", "365" or "never"; 90 when not given); answers its
    /// secret (shown once, stored only as its digest).
    public func createToken(named label: String?, lifetime: String? = nil, for account: Account) async throws -> String {
        try await self.createToken(named: label, lifetime: lifetime, for: account, field: ("tokenName", "Label"))
    }

    /// The same, with the label's field named as the caller's form names it (the command line: `name`, "Token label").
    func createToken(named label: String?, lifetime: String?, for account: Account, field: (name: String, label: String)) async throws -> String {
        let now = self.app.now
        var v = Validator()
        let name = v.required(field.name, field.label, label, max: APIToken.maximumLabel)
        try v.check()
        let expiresAt = try APIToken.expiry(lifetime, field: "tokenExpiry", from: now)
        let token = Secrets.randomToken(prefix: PracticeAdministration.tokenPrefix)
        try await self.app.unit { tx in
            let made = try await TokenStore.create(
                name: name, tokenHash: Secrets.digest(token), for: account.id, at: now, expiresAt: expiresAt, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .tokenCreated, entityType: "token", entityID: made.id.description), on: tx)
        }
        return token
    }

    /// Revokes one of the account's own live tokens; not-found for any other.
    public func revokeToken(_ id: APIToken.ID, of account: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            guard try await TokenStore.revoke(id, of: account.id, at: now, on: tx) else {
                throw TandemError.notFound("The token")
            }
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .tokenRevoked, entityType: "token", entityID: id.description), on: tx)
        }
    }

    public func tokens(of account: Account) async throws -> [APIToken] {
        try await self.app.database.reading { tx in try await TokenStore.tokens(of: account.id, on: tx) }
    }

    /// Everyone in the practice, by name (the team page; the owner only).
    public func team(for owner: Account) async throws -> [Account] {
        try Self.requireOwner(owner)
        return try await self.app.database.reading { tx in try await AccountStore.all(on: tx) }
    }

    /// The owner adds a practitioner.
    public func addPractitioner(_ draft: AccountDraft, by owner: Account) async throws -> Account {
        try await self.addMember(draft, role: Role.practitioner.rawValue, by: owner)
    }

    /// The owner adds a practitioner or a supervisor (`role`, as the team page sends it).
    public func addMember(_ draft: AccountDraft, role raw: String?, by owner: Account) async throws -> Account {
        try Self.requireOwner(owner)
        guard let role = Role(rawValue: raw ?? Role.practitioner.rawValue), role != .owner else {
            throw TandemError.invalid("role", "Role must be practitioner or supervisor.")
        }
        return try await self.add(draft, role: role, by: owner.id)
    }

    /// Whom each supervisor supervises: supervisor id → practitioner ids (the owner only).
    public func supervisions(for owner: Account) async throws -> [Account.ID: Set<Account.ID>] {
        try Self.requireOwner(owner)
        return try await self.app.database.reading { tx in
            Dictionary(grouping: try await AccountStore.supervisions(on: tx), by: \.supervisor).mapValues { Set($0.map(\.practitioner)) }
        }
    }

    /// Replaces whom a supervisor supervises (the owner on the team page, or the command line with no actor). Each
    /// supervisee is a colleague who practises; the supervisor is an account of the supervisor role. Audited.
    public func setSupervisees(of supervisor: Account.ID, to practitioners: [Account.ID], by owner: Account?) async throws -> Account {
        if let owner { try Self.requireOwner(owner) }
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let account = try await AccountStore.find(supervisor, on: tx), account.role == .supervisor else {
                throw TandemError.invalid("supervisor", "Supervisor must name an account whose role is supervisor.")
            }
            for id in practitioners {
                guard let practitioner = try await AccountStore.find(id, on: tx), practitioner.writesClinical else {
                    throw TandemError.invalid("supervisees", "Each supervisee must be a practitioner or the owner of this practice.")
                }
            }
            try await AccountStore.setSupervisees(of: supervisor, to: Set(practitioners), at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: owner?.id, action: .supervisionChanged, entityType: "account", entityID: supervisor.description,
                    detail: "\(Set(practitioners).count) supervisees"), on: tx)
            var updated = account
            updated.supervisees = Set(practitioners)
            return updated
        }
    }

    /// Adds an account to the practice (the owner on the team page, or the command line with no actor).
    func add(_ draft: AccountDraft, role: Role, by actor: Account.ID?) async throws -> Account {
        let now = self.app.now
        let valid = try draft.validated(role: role)
        guard let practice = try await self.app.administration.practice() else {
            throw TandemError.conflict(code: .notSetUp, message: "Set the practice up first: tandem setup --practice NAME --email E --name N")
        }
        let hash = try await self.app.passwords.hash(valid.password)
        return try await self.app.unit { tx in
            let account = try await AccountStore.create(valid, practiceID: practice.id, passwordHash: hash, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor, action: .accountCreated, entityType: "account", entityID: account.id.description), on: tx
            )
            return account
        }
    }

    /// A page of the audit log, newest first, with the chain's last verification (the owner only); reading it is
    /// itself audited.
    public func auditLog(before: Int64?, limit: Int, for owner: Account) async throws -> (entries: [AuditEntry], chain: AuditVerification?) {
        guard owner.role == .owner else { throw TandemError.forbidden(Self.auditOwnerOnly) }
        let now = self.app.now
        return try await self.app.unit { tx in
            try await AuditStore.append(AuditEvent(at: now, actorID: owner.id, action: .auditViewed), on: tx)
            return (try await AuditStore.page(before: before, limit: limit, on: tx), try await AuditChain.lastResult(on: tx))
        }
    }

    /// Walks the whole audit chain now (the owner only) and records that she did.
    public func verifyAuditChain(for owner: Account) async throws -> AuditVerification {
        guard owner.role == .owner else { throw TandemError.forbidden(Self.auditOwnerOnly) }
        let verification = try await self.app.database.verifyAuditChain(now: self.app.now)
        let event = AuditEvent(
            at: self.app.now, actorID: owner.id, action: .auditVerified, detail: verification.intact ? "intact" : "broken")
        try await self.app.unit { tx in try await AuditStore.append(event, on: tx) }
        return verification
    }

    static let auditOwnerOnly = "Only the practice owner can read the audit log."

    public static let ownerOnly = "Only the practice owner can manage the team."
    static let ownerChangesOnly = "Only the practice owner can change this."

    /// Refuses anyone but the practice owner, saying what only the owner may do.
    static func requireOwner(_ account: Account, _ message: String = Self.ownerOnly) throws {
        guard account.role == .owner else { throw TandemError.forbidden(message) }
    }
}
