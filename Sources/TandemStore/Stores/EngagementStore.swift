import Foundation
import SQLKit
import TandemCore

/// Engagements: opening under the role-separation rule (checked here and enforced by the schema), closing, pausing.
public enum EngagementStore {

    struct Row: Decodable {
        let id: UUID
        let clientId: UUID
        let practitionerId: UUID
        let role: String
        let status: String
        let startDate: String
        let plannedSessions: Int
        let reviewDate: String
        let goals: String
        let needsReview: Bool
        let pausedReason: String?
        let pausedSince: Date?
        let createdAt: Date
        let closedAt: Date?
        let shareProgress: Bool
        let consentVersion: Int?
        let consentMethod: String?
        let consentAt: Date?
        let consentWithdrawnAt: Date?
        let clientName: String
        let clientPractitionerId: UUID
        let practitionerName: String

        /// A pause of the coaching-edge tools: its reason and since when, both or neither.
        func pause(_ keys: Keyring) throws -> CoachingPause? {
            guard let reason = try keys.open(self.pausedReason, Sealed.pausedReason, row: self.id) else { return nil }
            guard let since = self.pausedSince else {
                throw StoreError.unexpected("engagements.paused_since of \(self.id) is missing for a pause")
            }
            return CoachingPause(reason: reason, since: since)
        }

        /// The consent as it stands: version, method and time together, or none.
        func consent() throws -> ConsentState? {
            guard let version = self.consentVersion, let method = self.consentMethod, let at = self.consentAt else { return nil }
            return ConsentState(
                version: version, method: try .stored(method, table: "engagements", column: "consent_method"), at: at,
                withdrawnAt: self.consentWithdrawnAt)
        }

        /// The row as Core values: an unknown role or status, an unreadable date or goal list is an error naming the
        /// column, never a guess (a wrong role would break the rule that keeps therapy and coaching apart).
        func item(_ keys: Keyring) throws -> EngagementListItem {
            let goalList = try keys.open(self.goals, Sealed.goals, row: self.id)
            guard let goals = try? JSONDecoder().decode([String].self, from: Data(goalList.utf8)) else {
                throw StoreError.unexpected("engagements.goals of \(self.id) is not a list of texts")
            }
            guard let startDate = LocalDate(self.startDate), let reviewDate = LocalDate(self.reviewDate) else {
                throw StoreError.unexpected("engagements.start_date or review_date of \(self.id) is not a date")
            }
            let engagement = Engagement(
                id: .init(self.id), clientID: .init(self.clientId), practitionerID: .init(self.practitionerId),
                role: try .stored(self.role, table: "engagements", column: "role"),
                status: try .stored(self.status, table: "engagements", column: "status"),
                contract: EngagementContract(startDate: startDate, plannedSessions: self.plannedSessions, reviewDate: reviewDate, goals: goals),
                needsReview: self.needsReview,
                pause: try self.pause(keys),
                createdAt: self.createdAt, closedAt: self.closedAt, consent: try self.consent()
            )
            return EngagementListItem(
                engagement: engagement, clientName: try keys.open(self.clientName, Sealed.clientName, row: self.clientId),
                clientPractitionerID: .init(self.clientPractitionerId),
                practitionerName: self.practitionerName,
                shareProgress: self.shareProgress
            )
        }
    }

    static let select: SQLQueryString = """
        SELECT e.id, e.client_id, e.practitioner_id, e.role, e.status, e.start_date, e.planned_sessions, e.review_date, e.goals, e.needs_review,
               e.paused_reason, e.paused_since, e.created_at, e.closed_at, e.share_progress, e.consent_version, e.consent_method, e.consent_at,
               e.consent_withdrawn_at,
               c.display_name AS client_name, c.practitioner_id AS client_practitioner_id, a.name AS practitioner_name
        FROM engagements e JOIN clients c ON c.id = e.client_id JOIN accounts a ON a.id = e.practitioner_id
        """

    /// Opens an engagement if the role-separation rule allows it. The check and the write share one transaction, and
    /// the schema refuses a second role even if two requests race.
    public static func open(
        client: Client.ID, practitioner: Account, role: EngagementRole, contract: EngagementContract, at now: Date, on tx: Transaction
    ) async throws -> Engagement {
        let engagement = Engagement(
            id: .init(), clientID: client, practitionerID: practitioner.id, role: role, status: .open, contract: contract, needsReview: false,
            pause: nil,
            createdAt: now, closedAt: nil
        )
        let goals = String(decoding: try JSONEncoder().encode(contract.goals), as: UTF8.self)
        do {
            let history: [Row] = try await tx.sql.raw(
                "\(Self.select) WHERE e.practitioner_id = \(bind: practitioner.id.uuid) AND e.client_id = \(bind: client.uuid)"
            )
            .rows(Row.self)
            try RoleSeparation.check(opening: role, practitioner: practitioner, history: history.map { try $0.item(tx.keys).engagement })
            try await tx.sql.raw(
                """
                INSERT INTO relationships (practitioner_id, client_id, role, created_at)
                VALUES (\(bind: practitioner.id.uuid), \(bind: client.uuid), \(bind: role.rawValue), \(bind: now))
                ON CONFLICT (practitioner_id, client_id) DO NOTHING
                """
            ).run()
            try await tx.sql.raw(
                """
                INSERT INTO engagements (id, client_id, practitioner_id, role, status, start_date, planned_sessions, review_date, goals, needs_review, created_at)
                VALUES (\(bind: engagement.id.uuid), \(bind: client.uuid), \(bind: practitioner.id.uuid), \(bind: role.rawValue), 'open',
                        \(bind: contract.startDate.description), \(bind: contract.plannedSessions), \(bind: contract.reviewDate.description),
                        \(bind: try tx.keys.seal(goals, Sealed.goals, row: engagement.id.uuid)), \(bind: false), \(bind: now))
                """
            ).run()
        } catch  where Dialect.isForeignKeyViolation(error) {
            throw TandemError.conflict(
                code: .roleSeparation,
                message: "\(practitioner.name) already holds the other role with this client; the roles of therapist and coach are kept separate.")
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.conflict(
                code: .engagementOpen,
                message: "This client already has an open engagement with \(practitioner.name). Close it before opening another.")
        }
        return engagement
    }

    /// The engagement with its names, on the use case's transaction.
    public static func find(_ id: Engagement.ID, on tx: Transaction) async throws -> EngagementListItem? {
        try await tx.sql.raw("\(Self.select) WHERE e.id = \(bind: id.uuid)").row(Row.self)?.item(tx.keys)
    }

    /// Every engagement of a client, newest first.
    public static func forClient(_ id: Client.ID, on tx: Transaction) async throws -> [EngagementListItem] {
        try await tx.sql.raw("\(Self.select) WHERE e.client_id = \(bind: id.uuid) ORDER BY e.created_at DESC").rows(Row.self).map {
            try $0.item(tx.keys)
        }
    }

    /// The engagements a practitioner holds, open ones first, then newest first.
    public static func held(by practitioner: Account.ID, on tx: Transaction) async throws -> [EngagementListItem] {
        try await tx.sql.raw(
            """
            \(Self.select) WHERE e.practitioner_id = \(bind: practitioner.uuid)
            ORDER BY CASE e.status WHEN 'open' THEN 0 ELSE 1 END, e.created_at DESC
            """
        ).rows(Row.self).map { try $0.item(tx.keys) }
    }

    /// The engagements any of `practitioners` holds (a supervisor's view of her supervisees'), open first, newest first.
    public static func held(byAnyOf practitioners: Set<Account.ID>, on tx: Transaction) async throws -> [EngagementListItem] {
        guard !practitioners.isEmpty else { return [] }
        return try await tx.sql.raw(
            """
            \(Self.select) WHERE e.practitioner_id IN (\(binds: practitioners.map(\.uuid)))
            ORDER BY CASE e.status WHEN 'open' THEN 0 ELSE 1 END, e.created_at DESC
            """
        ).rows(Row.self).map { try $0.item(tx.keys) }
    }

    /// Closes an open engagement, on the use case's transaction.
    public static func close(_ id: Engagement.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw("UPDATE engagements SET status = 'closed', closed_at = \(bind: now) WHERE id = \(bind: id.uuid) AND status = 'open'")
            .run()
    }

    /// Lifts a pause of the coaching-edge tools (a new screening decides them again), on the use case's transaction.
    public static func liftPause(_ id: Engagement.ID, on tx: Transaction) async throws {
        try await tx.sql.raw("UPDATE engagements SET paused_reason = NULL, paused_since = NULL WHERE id = \(bind: id.uuid)").run()
    }

    /// Marks the engagement for review (after a boundary incident), on the use case's transaction.
    public static func markForReview(_ id: Engagement.ID, on tx: Transaction) async throws {
        try await tx.sql.raw("UPDATE engagements SET needs_review = \(bind: true) WHERE id = \(bind: id.uuid)").run()
    }

    /// Pauses the coaching-edge tools until the next screening, on the use case's transaction (no audit of its own).
    public static func pause(_ id: Engagement.ID, reason: String, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            "UPDATE engagements SET paused_reason = \(bind: try tx.keys.seal(reason, Sealed.pausedReason, row: id.uuid)), paused_since = \(bind: now) WHERE id = \(bind: id.uuid)"
        ).run()
    }
}
