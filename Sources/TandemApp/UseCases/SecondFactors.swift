import Crypto
import Foundation
import HummingbirdOTP
import TandemCore
import TandemStore

/// Where an account stands with two-step sign-in.
public enum SecondFactorStatus: Sendable, Equatable {
    case off
    /// Enrolling: the secret as text (base32, for typing into an app) and as an `otpauth://` URI.
    case enrolling(secret: String, uri: String)
    case on(since: Date, recoveryCodesLeft: Int)
}

/// Two-step sign-in for practice accounts: enrolment (switched on only by a first valid code), the sign-in's second
/// step, recovery codes, switching it off (password and code), and the owner's requirement. Each use case writes its
/// audit event in its own transaction.
public struct SecondFactors: Sendable {
    let app: App

    static func totp(_ secret: String) -> TOTP { TOTP(secret: secret) }

    /// The text an authenticator app is given: the base32 of the secret, as the URI carries it.
    static func uri(_ secret: String, for account: Account, issuer: String) -> (text: String, uri: String) {
        let uri = Self.totp(secret).createAuthenticatorURL(label: "\(issuer):\(account.email)", issuer: issuer)
        let text = uri.components(separatedBy: "secret=").last?.components(separatedBy: "&").first ?? ""
        return (text, uri)
    }

    public func status(of account: Account) async throws -> SecondFactorStatus {
        let (record, left, practice) = try await self.app.database.reading { tx in
            (
                try await SecondFactorStore.record(of: account.id, on: tx),
                try await SecondFactorStore.unusedRecoveryCodes(of: account.id, on: tx),
                try await PracticeStore.practice(on: tx)
            )
        }
        guard let record else { return .off }
        if let since = record.enabledAt { return .on(since: since, recoveryCodesLeft: left) }
        let shown = Self.uri(record.secret, for: account, issuer: practice?.name ?? "Tandem")
        return .enrolling(secret: shown.text, uri: shown.uri)
    }

    /// Starts enrolment with a new secret (again, if one was waiting); refused while it is on.
    public func begin(for account: Account) async throws {
        let now = self.app.now
        let secret = SecondFactor.letters((0..<32).map { _ in UInt8.random(in: 0...255) }).uppercased()
        try await self.app.unit { tx in
            if try await SecondFactorStore.isOn(for: account.id, on: tx) {
                throw TandemError.conflict(code: .secondFactorOn, message: "Two-step sign-in is already on. Turn it off first to start again.")
            }
            try await SecondFactorStore.begin(account.id, secret: secret, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: account.id, action: .secondFactorEnrolmentBegun, entityType: "account", entityID: account.id.description),
                on: tx)
        }
    }

    /// Switches it on with the first valid code; ends the account's other sessions and revokes its API tokens;
    /// answers the ten recovery codes (shown once, stored as keyed digests).
    public func confirm(code raw: String?, for account: Account, keepingSession keep: String?) async throws -> [String] {
        let now = self.app.now
        guard let code = SecondFactor.totpCode(raw) else {
            throw TandemError.invalid("code", "Type the six digits your app shows.")
        }
        let codes = (0..<SecondFactor.recoveryCodeCount).map { _ in SecondFactor.makeRecoveryCode((0..<12).map { _ in UInt8.random(in: 0...255) }) }
        try await self.app.unit { tx in
            guard let record = try await SecondFactorStore.record(of: account.id, on: tx), record.enabledAt == nil else {
                throw TandemError.conflict(code: .secondFactorOn, message: "There is no enrolment waiting: start it again.")
            }
            guard let step = Self.matchingStep(code, secret: record.secret, at: now) else {
                throw TandemError.invalid("code", SecondFactor.refusedMessage)
            }
            try await SecondFactorStore.enable(
                account.id, step: step, recoveryCodes: codes, at: now, on: tx)
            try await AccountStore.endOtherSessionsAndTokens(of: account.id, keepingSession: keep, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .secondFactorEnabled, entityType: "account", entityID: account.id.description),
                on: tx)
        }
        return codes
    }

    /// Switches it off, with the password and a code (or a recovery code); ends the other sessions, revokes tokens.
    public func disable(password: String, code: String?, for account: Account, keepingSession keep: String?) async throws {
        let now = self.app.now
        let (hash, on) = try await self.app.database.reading { tx in
            (
                try await AccountStore.credentials(email: account.email, on: tx)?.passwordHash,
                try await SecondFactorStore.isOn(for: account.id, on: tx)
            )
        }
        guard on else { throw TandemError.conflict(code: .secondFactorOff, message: "Two-step sign-in is already off.") }
        guard try await self.app.passwords.verify(password, against: hash) else {
            throw TandemError.invalid("disablePassword", "The password is not right.")
        }
        try await self.app.unit { tx in
            let checked = try await self.check(code, for: account.id, at: now, on: tx)
            guard checked == .accepted else {
                throw TandemError.invalid("disableCode", checked == .replayed ? SecondFactor.replayMessage : SecondFactor.refusedMessage)
            }
            try await SecondFactorStore.remove(account.id, on: tx)
            try await AccountStore.endOtherSessionsAndTokens(of: account.id, keepingSession: keep, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: account.id, action: .secondFactorDisabled, entityType: "account", entityID: account.id.description),
                on: tx)
        }
    }

    enum CodeCheck { case accepted, refused, replayed }

    /// Whether a code (TOTP, each step taken once, or an unused recovery code, then used up) is right for the account.
    func check(_ raw: String?, for account: Account.ID, at now: Date, on tx: Transaction) async throws -> CodeCheck {
        guard let record = try await SecondFactorStore.record(of: account, on: tx), record.enabledAt != nil else { return .refused }
        if let code = SecondFactor.totpCode(raw) {
            guard let step = Self.matchingStep(code, secret: record.secret, at: now) else { return .refused }
            return try await SecondFactorStore.take(step: step, for: account, on: tx) ? .accepted : .replayed
        }
        if let recovery = SecondFactor.recoveryCode(raw) {
            let used = try await SecondFactorStore.useRecoveryCode(recovery, for: account, at: now, on: tx)
            if used {
                try await AuditStore.append(
                    AuditEvent(at: now, actorID: account, action: .recoveryCodeUsed, entityType: "account", entityID: account.description), on: tx)
            }
            return used ? .accepted : .refused
        }
        return .refused
    }

    /// The step (within one of now) whose code this is.
    static func matchingStep(_ code: String, secret: String, at now: Date) -> Int64? {
        let totp = Self.totp(secret)
        return SecondFactor.candidateSteps(at: now).first { step in
            let value = totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * SecondFactor.stepSeconds)))
            return ConstantTime.equal(String(format: "%06d", value), code)
        }
    }

    // MARK: The practice's requirement

    /// Who in the practice has it on (the owner's team page).
    public func accountsWithItOn(for owner: Account) async throws -> Set<Account.ID> {
        try Accounts.requireOwner(owner, "Only the practice owner can see this.")
        return try await self.app.database.reading { tx in try await SecondFactorStore.accountsWithItOn(on: tx) }
    }

    public func isRequired() async throws -> Bool {
        try await self.app.database.reading { tx in try await SecondFactorStore.isRequired(on: tx) }
    }

    /// The owner requires it of everyone (members without it are taken to enrolment after signing in), or not.
    public func require(_ required: Bool, by owner: Account) async throws {
        try Accounts.requireOwner(owner, Accounts.ownerChangesOnly)
        let now = self.app.now
        try await self.app.unit { tx in
            try await SecondFactorStore.setRequired(required, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: owner.id, action: .secondFactorRequirement, detail: required ? "required" : "optional"), on: tx)
        }
    }
}
