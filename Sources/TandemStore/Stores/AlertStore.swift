import Foundation
import SQLKit
import TandemCore

/// Dashboard alerts: open until their recipient marks them reviewed.
public enum AlertStore {

    /// Raises an alert on the use case's transaction.
    public static func insert(_ alert: Alert, on tx: Transaction) async throws {
        try await Self.insert(alert, on: tx.sql)
    }

    static func insert(_ alert: Alert, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO alerts (id, recipient_id, kind, engagement_id, created_at, administration_id)
            VALUES (\(bind: alert.id.uuid), \(bind: alert.recipientID.uuid), \(bind: alert.kind.rawValue), \(bind: alert.engagementID?.uuid),
                    \(bind: alert.createdAt), \(bind: alert.administrationID?.uuid))
            """
        ).run()
    }

    /// A recipient's open alerts, newest first.
    public static func open(for recipient: Account.ID, on tx: Transaction) async throws -> [Alert] {
        struct Row: Decodable {
            let id: UUID
            let recipientId: UUID
            let kind: String
            let engagementId: UUID?
            let createdAt: Date
            let resolvedAt: Date?
            let administrationId: UUID?
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, recipient_id, kind, engagement_id, created_at, resolved_at, administration_id FROM alerts
            WHERE recipient_id = \(bind: recipient.uuid) AND resolved_at IS NULL ORDER BY created_at DESC
            """
        ).rows(Row.self)
        return try rows.map {
            Alert(
                id: .init($0.id), recipientID: .init($0.recipientId), kind: try .stored($0.kind, table: "alerts", column: "kind"),
                engagementID: $0.engagementId.map { .init($0) },
                createdAt: $0.createdAt, resolvedAt: $0.resolvedAt, administrationID: $0.administrationId.map { .init($0) }
            )
        }
    }

    /// How many alerts wait for the recipient (shown in the navigation).
    public static func openCount(for recipient: Account.ID, on tx: Transaction) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let row: Row? = try await tx.sql.raw(
            "SELECT COUNT(*) AS n FROM alerts WHERE recipient_id = \(bind: recipient.uuid) AND resolved_at IS NULL"
        ).row(Row.self)
        return row?.n ?? 0
    }

    /// Marks one of the recipient's own alerts reviewed; `false` if it has no such open alert.
    public static func resolve(_ id: Alert.ID, by recipient: Account.ID, note: String, at now: Date, on tx: Transaction) async throws -> Bool {
        struct Row: Decodable { let id: UUID }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id FROM alerts WHERE id = \(bind: id.uuid) AND recipient_id = \(bind: recipient.uuid) AND resolved_at IS NULL
            """
        ).rows(Row.self)
        guard !rows.isEmpty else { return false }
        try await tx.sql.raw(
            """
            UPDATE alerts SET resolved_at = \(bind: now), resolved_by = \(bind: recipient.uuid),
                review_note = \(bind: try tx.keys.seal(note, Sealed.alertReview, row: id.uuid)) WHERE id = \(bind: id.uuid)
            """
        ).run()
        return true
    }
}
