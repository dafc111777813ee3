import Foundation
import SQLKit
import TandemCore

/// The client portal's records: invitations, client accounts, their sessions and tokens, and what clients write.
public enum PortalStore {

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
                id: .init(self.id), engagementID: .init(self.engagementId), createdBy: .init(self.createdBy), createdAt: self.createdAt,
                expiresAt: self.expiresAt,
                usedAt: self.usedAt, revokedAt: self.revokedAt
            )
        }
    }

    static let invitationColumns: SQLQueryString =
        "SELECT id, engagement_id, created_by, created_at, expires_at, used_at, revoked_at FROM invitations"

    public static func invite(_ i: Invitation, tokenHash: String, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO invitations (id, engagement_id, token_hash, created_by, created_at, expires_at)
            VALUES (\(bind: i.id.uuid), \(bind: i.engagementID.uuid), \(bind: tokenHash), \(bind: i.createdBy.uuid), \(bind: i.createdAt), \(bind: i.expiresAt))
            """
        ).run()
    }

    public static func invitation(tokenHash: String, on tx: Transaction) async throws -> Invitation? {
        try await tx.sql.raw("\(Self.invitationColumns) WHERE token_hash = \(bind: tokenHash)").row(InvitationRow.self)?.invitation
    }

    public static func invitation(_ id: Invitation.ID, on tx: Transaction) async throws -> Invitation? {
        try await tx.sql.raw("\(Self.invitationColumns) WHERE id = \(bind: id.uuid)").row(InvitationRow.self)?.invitation
    }

    public static func invitations(of engagement: Engagement.ID, on tx: Transaction) async throws -> [Invitation] {
        try await tx.sql.raw("\(Self.invitationColumns) WHERE engagement_id = \(bind: engagement.uuid) ORDER BY created_at DESC").rows(
            InvitationRow.self
        ).map(\.invitation)
    }

    public static func revoke(_ id: Invitation.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            "UPDATE invitations SET revoked_at = \(bind: now) WHERE id = \(bind: id.uuid) AND used_at IS NULL AND revoked_at IS NULL"
        ).run()
    }

    /// Marks the invitation used and creates the client's account, on the use case's transaction (which has checked
    /// that the invitation can still be used). The schema refuses a second account for the client or the e-mail.
    public static func accept(_ invitation: Invitation.ID, account: ClientAccount, passwordHash: String, at now: Date, on tx: Transaction)
        async throws
    {
        try await tx.run("UPDATE invitations SET used_at = \(bind: now) WHERE id = \(bind: invitation.uuid)")
        do {
            try await tx.run(
                """
                INSERT INTO client_accounts (id, client_id, engagement_id, email, email_index, password_hash, created_at)
                VALUES (\(bind: account.id.uuid), \(bind: account.clientID.uuid), \(bind: account.engagementID.uuid),
                        \(bind: try tx.keys.seal(account.email, Sealed.portalEmail, row: account.id.uuid)),
                        \(bind: tx.keys.lookupToken("portal-email", account.email.lowercased())), \(bind: passwordHash), \(bind: now))
                """)
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.invalid(
                "email", "This email is already used for a portal account, or this client already has one. Ask your practitioner.")
        }
    }

    // MARK: Client accounts and their sessions

    /// Replaces the stored hash of the same password (made the current way at a sign-in).
    public static func replacePasswordHash(of id: ClientAccount.ID, with passwordHash: String, on tx: Transaction) async throws {
        try await tx.run("UPDATE client_accounts SET password_hash = \(bind: passwordHash) WHERE id = \(bind: id.uuid)")
    }

    struct AccountRow: Decodable {
        let id: UUID
        let clientId: UUID
        let engagementId: UUID
        let email: String
        let passwordHash: String
        let createdAt: Date

        func account(_ keys: Keyring) throws -> ClientAccount {
            ClientAccount(
                id: .init(self.id), clientID: .init(self.clientId), engagementID: .init(self.engagementId),
                email: try keys.open(self.email, Sealed.portalEmail, row: self.id), createdAt: self.createdAt)
        }
    }

    static let accountColumns: SQLQueryString = "SELECT id, client_id, engagement_id, email, password_hash, created_at FROM client_accounts"

    public static func account(_ id: ClientAccount.ID, on tx: Transaction) async throws -> ClientAccount? {
        try await tx.sql.raw("\(Self.accountColumns) WHERE id = \(bind: id.uuid)").row(AccountRow.self)?.account(tx.keys)
    }

    public static func credentials(email: String, on tx: Transaction) async throws -> (ClientAccount, String)? {
        let token = tx.keys.lookupToken("portal-email", email.lowercased())
        return try await tx.sql.raw("\(Self.accountColumns) WHERE email_index = \(bind: token)").row(AccountRow.self).map {
            (try $0.account(tx.keys), $0.passwordHash)
        }
    }

    public static func account(ofClient id: Client.ID, on tx: Transaction) async throws -> ClientAccount? {
        try await tx.sql.raw("\(Self.accountColumns) WHERE client_id = \(bind: id.uuid)").row(AccountRow.self)?.account(tx.keys)
    }

    public static func startSession(tokenHash: String, for account: ClientAccount.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO portal_sessions (token_hash, client_account_id, created_at, last_seen_at) VALUES (\(bind: tokenHash), \(bind: account.uuid), \(bind: now), \(bind: now))
            """
        ).run()
    }

    /// The session's account, when it was last used and when it began.
    public static func session(tokenHash: String, on tx: Transaction) async throws -> (ClientAccount.ID, lastSeen: Date, began: Date)? {
        struct Row: Decodable {
            let clientAccountId: UUID
            let lastSeenAt: Date
            let createdAt: Date
        }
        return try await tx.sql.raw(
            "SELECT client_account_id, last_seen_at, created_at FROM portal_sessions WHERE token_hash = \(bind: tokenHash)"
        )
        .row(Row.self).map { (.init($0.clientAccountId), $0.lastSeenAt, $0.createdAt) }
    }

    public static func touch(tokenHash: String, at now: Date, on tx: Transaction) async throws {
        try await tx.run("UPDATE portal_sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: tokenHash)")
    }

    public static func endSession(tokenHash: String, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM portal_sessions WHERE token_hash = \(bind: tokenHash)")
    }

    public static func createToken(_ id: UUID, name: String, tokenHash: String, for account: ClientAccount.ID, at now: Date, on tx: Transaction)
        async throws
    {
        try await tx.run(
            """
            INSERT INTO portal_tokens (id, client_account_id, token_hash, name, created_at) VALUES (\(bind: id), \(bind: account.uuid), \(bind: tokenHash), \(bind: name), \(bind: now))
            """)
    }

    public static func account(forTokenHash hash: String, on tx: Transaction) async throws -> ClientAccount.ID? {
        struct Row: Decodable { let clientAccountId: UUID }
        return try await tx.sql.raw("SELECT client_account_id FROM portal_tokens WHERE token_hash = \(bind: hash) AND revoked_at IS NULL")
            .row(Row.self).map { .init($0.clientAccountId) }
    }

    // MARK: What clients write, and the practitioner's portal settings

    public static func check(_ step: ActionStep.ID, _ check: ClientCheck, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE action_steps SET client_status = \(bind: check.status.rawValue), client_note = \(bind: try tx.keys.seal(check.note, Sealed.stepClientNote, row: step.uuid)), client_checked_at = \(bind: check.at)
            WHERE id = \(bind: step.uuid)
            """
        ).run()
    }

    public static func setIntention(_ session: Session.ID, _ text: String, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            "UPDATE sessions SET client_intention = \(bind: try tx.keys.seal(text, Sealed.intention, row: session.uuid)), client_intention_at = \(bind: now) WHERE id = \(bind: session.uuid)"
        ).run()
    }

    /// The client's answer before one session, if they gave one.
    public static func intention(of session: Session.ID, on tx: Transaction) async throws -> String? {
        struct Row: Decodable { let clientIntention: String? }
        return try await tx.sql.raw("SELECT client_intention FROM sessions WHERE id = \(bind: session.uuid)").row(Row.self)?.clientIntention.map {
            try tx.keys.open($0, Sealed.intention, row: session.uuid)
        }
    }

    public static func intentions(of engagement: Engagement.ID, on tx: Transaction) async throws -> [Session.ID: String] {
        struct Row: Decodable {
            let id: UUID
            let clientIntention: String
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, client_intention FROM sessions WHERE engagement_id = \(bind: engagement.uuid) AND client_intention IS NOT NULL
            """
        ).rows(Row.self)
        return Dictionary(
            uniqueKeysWithValues: try rows.map { (Session.ID($0.id), try tx.keys.open($0.clientIntention, Sealed.intention, row: $0.id)) })
    }

    public static func schedules(of engagement: Engagement.ID, on tx: Transaction) async throws -> [MeasureSchedule] {
        struct Row: Decodable {
            let instrumentId: String
            let everySessions: Int
        }
        return try await tx.sql.raw(
            "SELECT instrument_id, every_sessions FROM measure_schedules WHERE engagement_id = \(bind: engagement.uuid) ORDER BY instrument_id"
        )
        .rows(Row.self).map { MeasureSchedule(instrumentID: $0.instrumentId, everySessions: $0.everySessions) }
    }

    /// Sets (or, with nil, removes) one instrument's schedule.
    public static func setSchedule(_ engagement: Engagement.ID, instrument: String, every: Int?, on tx: Transaction) async throws {
        try await tx.sql.raw("DELETE FROM measure_schedules WHERE engagement_id = \(bind: engagement.uuid) AND instrument_id = \(bind: instrument)")
            .run()
        if let every {
            try await tx.sql.raw(
                "INSERT INTO measure_schedules (engagement_id, instrument_id, every_sessions) VALUES (\(bind: engagement.uuid), \(bind: instrument), \(bind: every))"
            ).run()
        }
    }

    public static func setShareProgress(_ engagement: Engagement.ID, _ share: Bool, on tx: Transaction) async throws {
        try await tx.sql.raw("UPDATE engagements SET share_progress = \(bind: share) WHERE id = \(bind: engagement.uuid)").run()
    }
}
