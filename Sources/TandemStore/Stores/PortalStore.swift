import Foundation
import SQLKit
import TandemCore

/// The client portal's records: invitations, client accounts, their sessions and tokens, and what clients write.
public struct PortalStore: Sendable {
    let database: TandemDatabase

    public init(_ database: TandemDatabase) { self.database = database }

    // MARK: Invitations

    struct InvitationRow: Decodable {
        let id: UUID
        let engagementId: UUID
        let createdBy: UUID
        let createdAt: Date
        let expiresAt: Date
        let usedAt: Date?
        let revokedAt: Date?

        var invitation: Invitation {
            Invitation(
                id: .init(self.id), engagementID: .init(self.engagementId), createdBy: .init(self.createdBy), createdAt: self.createdAt, expiresAt: self.expiresAt,
                usedAt: self.usedAt, revokedAt: self.revokedAt
            )
        }
    }

    static let invitationColumns: SQLQueryString = "SELECT id, engagement_id, created_by, created_at, expires_at, used_at, revoked_at FROM invitations"

    public func invite(_ i: Invitation, tokenHash: String) async throws {
        try await self.database.transaction { db in
            try await db.raw("""
                INSERT INTO invitations (id, engagement_id, token_hash, created_by, created_at, expires_at)
                VALUES (\(bind: i.id.uuid), \(bind: i.engagementID.uuid), \(bind: tokenHash), \(bind: i.createdBy.uuid), \(bind: i.createdAt), \(bind: i.expiresAt))
                """).run()
            try await AuditStore.insert(.engagement(.invitationCreated, i.id.description, type: "invitation", by: i.createdBy, at: i.createdAt), on: db)
        }
    }

    public func invitation(tokenHash: String) async throws -> Invitation? {
        try await self.database.sql.raw("\(Self.invitationColumns) WHERE token_hash = \(bind: tokenHash)").row(InvitationRow.self)?.invitation
    }

    public func invitation(_ id: Invitation.ID) async throws -> Invitation? {
        try await self.database.sql.raw("\(Self.invitationColumns) WHERE id = \(bind: id.uuid)").row(InvitationRow.self)?.invitation
    }

    public func invitations(of engagement: Engagement.ID) async throws -> [Invitation] {
        try await self.database.sql.raw("\(Self.invitationColumns) WHERE engagement_id = \(bind: engagement.uuid) ORDER BY created_at DESC").rows(InvitationRow.self).map(\.invitation)
    }

    public func revoke(_ id: Invitation.ID, by actor: Account.ID, at now: Date) async throws {
        try await self.database.transaction { db in
            try await db.raw("UPDATE invitations SET revoked_at = \(bind: now) WHERE id = \(bind: id.uuid) AND used_at IS NULL AND revoked_at IS NULL").run()
            try await AuditStore.insert(.engagement(.invitationRevoked, id.description, type: "invitation", by: actor, at: now), on: db)
        }
    }

    /// Uses an invitation to create the client's account, in one transaction: the link works once even if two
    /// browsers race, and an e-mail already in use is a field error.
    public func accept(tokenHash: String, account: ClientAccount, passwordHash: String, at now: Date) async throws {
        do {
            try await self.database.transaction { db in
                let row = try await db.raw("\(Self.invitationColumns) WHERE token_hash = \(bind: tokenHash)").row(InvitationRow.self)
                guard let invitation = row?.invitation else { throw TandemError.notFound("The invitation") }
                try invitation.check(at: now)
                try await db.raw("UPDATE invitations SET used_at = \(bind: now) WHERE id = \(bind: invitation.id.uuid)").run()
                try await db.raw("""
                    INSERT INTO client_accounts (id, client_id, engagement_id, email, password_hash, created_at)
                    VALUES (\(bind: account.id.uuid), \(bind: account.clientID.uuid), \(bind: account.engagementID.uuid), \(bind: account.email), \(bind: passwordHash),
                            \(bind: now))
                    """).run()
                try await AuditStore.insert(
                    AuditEvent(at: now, actorID: nil, action: .clientAccountCreated, entityType: "client-account", entityID: account.id.description, detail: "by invitation"),
                    on: db
                )
            }
        } catch where Dialect.isUniqueViolation(error) {
            throw TandemError.invalid("email", "This email is already used for a portal account, or this client already has one. Ask your practitioner.")
        }
    }

    // MARK: Client accounts and their sessions

    struct AccountRow: Decodable {
        let id: UUID
        let clientId: UUID
        let engagementId: UUID
        let email: String
        let passwordHash: String
        let createdAt: Date

        var account: ClientAccount {
            ClientAccount(id: .init(self.id), clientID: .init(self.clientId), engagementID: .init(self.engagementId), email: self.email, createdAt: self.createdAt)
        }
    }

    static let accountColumns: SQLQueryString = "SELECT id, client_id, engagement_id, email, password_hash, created_at FROM client_accounts"

    public func account(_ id: ClientAccount.ID) async throws -> ClientAccount? {
        try await self.database.sql.raw("\(Self.accountColumns) WHERE id = \(bind: id.uuid)").row(AccountRow.self)?.account
    }

    public func credentials(email: String) async throws -> (ClientAccount, String)? {
        try await self.database.sql.raw("\(Self.accountColumns) WHERE email = \(bind: email.lowercased())").row(AccountRow.self).map { ($0.account, $0.passwordHash) }
    }

    public func account(ofClient id: Client.ID) async throws -> ClientAccount? {
        try await self.database.sql.raw("\(Self.accountColumns) WHERE client_id = \(bind: id.uuid)").row(AccountRow.self)?.account
    }

    public func startSession(tokenHash: String, for account: ClientAccount.ID, at now: Date) async throws {
        try await self.database.transaction { db in
            try await db.raw("""
                INSERT INTO portal_sessions (token_hash, client_account_id, created_at, last_seen_at) VALUES (\(bind: tokenHash), \(bind: account.uuid), \(bind: now), \(bind: now))
                """).run()
            try await AuditStore.insert(AuditEvent(at: now, actorID: nil, action: .portalSignIn, entityType: "client-account", entityID: account.description), on: db)
        }
    }

    public func session(tokenHash: String) async throws -> (ClientAccount.ID, Date)? {
        struct Row: Decodable {
            let clientAccountId: UUID
            let lastSeenAt: Date
        }
        return try await self.database.sql.raw("SELECT client_account_id, last_seen_at FROM portal_sessions WHERE token_hash = \(bind: tokenHash)")
            .row(Row.self).map { (.init($0.clientAccountId), $0.lastSeenAt) }
    }

    public func touch(tokenHash: String, at now: Date) async throws {
        try await self.database.write("UPDATE portal_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: tokenHash)")
    }

    public func endSession(tokenHash: String) async throws {
        try await self.database.write("DELETE FROM portal_sessions WHERE token_hash = \(bind: tokenHash)")
    }

    public func createToken(_ id: UUID, name: String, tokenHash: String, for account: ClientAccount.ID, at now: Date) async throws {
        try await self.database.write("""
            INSERT INTO portal_tokens (id, client_account_id, token_hash, name, created_at) VALUES (\(bind: id), \(bind: account.uuid), \(bind: tokenHash), \(bind: name), \(bind: now))
            """)
    }

    public func account(forTokenHash hash: String) async throws -> ClientAccount.ID? {
        struct Row: Decodable { let clientAccountId: UUID }
        return try await self.database.sql.raw("SELECT client_account_id FROM portal_tokens WHERE token_hash = \(bind: hash) AND revoked_at IS NULL")
            .row(Row.self).map { .init($0.clientAccountId) }
    }

    // MARK: What clients write, and the practitioner's portal settings

    public func check(_ step: ActionStep.ID, _ check: ClientCheck, by account: ClientAccount.ID) async throws {
        try await self.database.transaction { db in
            try await db.raw("""
                UPDATE action_steps SET client_status = \(bind: check.status.rawValue), client_note = \(bind: check.note), client_checked_at = \(bind: check.at)
                WHERE id = \(bind: step.uuid)
                """).run()
            try await AuditStore.insert(AuditEvent(at: check.at, actorID: nil, action: .clientChecked, entityType: "action-step", entityID: step.description, detail: "client \(account)"), on: db)
        }
    }

    public func clientChecks(of engagement: Engagement.ID) async throws -> [ActionStep.ID: ClientCheck] {
        struct Row: Decodable {
            let id: UUID
            let clientStatus: String?
            let clientNote: String?
            let clientCheckedAt: Date?
        }
        let rows: [Row] = try await self.database.sql.raw("""
            SELECT id, client_status, client_note, client_checked_at FROM action_steps WHERE engagement_id = \(bind: engagement.uuid) AND client_status IS NOT NULL
            """).rows(Row.self)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { r in
            r.clientStatus.flatMap(ClientCheckStatus.init(rawValue:)).map { (ActionStep.ID(r.id), ClientCheck(status: $0, note: r.clientNote, at: r.clientCheckedAt ?? Date())) }
        })
    }

    public func setIntention(_ session: Session.ID, _ text: String, by account: ClientAccount.ID, at now: Date) async throws {
        try await self.database.transaction { db in
            try await db.raw("UPDATE sessions SET client_intention = \(bind: text), client_intention_at = \(bind: now) WHERE id = \(bind: session.uuid)").run()
            try await AuditStore.insert(AuditEvent(at: now, actorID: nil, action: .clientIntention, entityType: "session", entityID: session.description, detail: "client \(account)"), on: db)
        }
    }

    public func intentions(of engagement: Engagement.ID) async throws -> [Session.ID: String] {
        struct Row: Decodable {
            let id: UUID
            let clientIntention: String
        }
        let rows: [Row] = try await self.database.sql.raw("""
            SELECT id, client_intention FROM sessions WHERE engagement_id = \(bind: engagement.uuid) AND client_intention IS NOT NULL
            """).rows(Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { (Session.ID($0.id), $0.clientIntention) })
    }

    public func schedules(of engagement: Engagement.ID) async throws -> [MeasureSchedule] {
        struct Row: Decodable {
            let instrumentId: String
            let everySessions: Int
        }
        return try await self.database.sql.raw("SELECT instrument_id, every_sessions FROM measure_schedules WHERE engagement_id = \(bind: engagement.uuid) ORDER BY instrument_id")
            .rows(Row.self).map { MeasureSchedule(instrumentID: $0.instrumentId, everySessions: $0.everySessions) }
    }

    /// Sets (or, with nil, removes) one instrument's schedule.
    public func setSchedule(_ engagement: Engagement.ID, instrument: String, every: Int?, by actor: Account.ID, at now: Date) async throws {
        try await self.database.transaction { db in
            try await db.raw("DELETE FROM measure_schedules WHERE engagement_id = \(bind: engagement.uuid) AND instrument_id = \(bind: instrument)").run()
            if let every {
                try await db.raw("INSERT INTO measure_schedules (engagement_id, instrument_id, every_sessions) VALUES (\(bind: engagement.uuid), \(bind: instrument), \(bind: every))").run()
            }
            try await AuditStore.insert(.engagement(.portalSettingsChanged, engagement.description, by: actor, at: now), on: db)
        }
    }

    public func shareProgress(_ engagement: Engagement.ID) async throws -> Bool {
        struct Row: Decodable { let shareProgress: Bool }
        return try await self.database.sql.raw("SELECT share_progress FROM engagements WHERE id = \(bind: engagement.uuid)").row(Row.self)?.shareProgress ?? false
    }

    public func setShareProgress(_ engagement: Engagement.ID, _ share: Bool, by actor: Account.ID, at now: Date) async throws {
        try await self.database.transaction { db in
            try await db.raw("UPDATE engagements SET share_progress = \(bind: share) WHERE id = \(bind: engagement.uuid)").run()
            try await AuditStore.insert(.engagement(.portalSettingsChanged, engagement.description, by: actor, at: now), on: db)
        }
    }
}
