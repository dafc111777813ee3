import Foundation
import SQLKit
import TandemCore

/// The audit log: append-only, paged newest first.
public enum AuditStore {

    /// Appends one event on a use case's transaction, so it lands with what it describes or not at all.
    /// Its MAC chains it to the event before it (`AuditChain`).
    public static func append(_ event: AuditEvent, on tx: Transaction) async throws {
        let at = AuditChain.stored(event.at)
        let canonical = AuditChain.canonical(
            id: event.id.uuid, at: at, actor: event.actorID?.uuid, action: event.action.rawValue, entityType: event.entityType,
            entityID: event.entityID, outcome: event.outcome.rawValue, detail: event.detail)
        try await AuditChain.takeTurn(on: tx)
        func values(_ mac: String) -> SQLQueryString {
            """
            \(bind: event.id.uuid), \(bind: at), \(bind: event.actorID?.uuid), \(bind: event.action.rawValue), \(bind: event.entityType),
            \(bind: event.entityID), \(bind: event.outcome.rawValue), \(bind: event.detail), \(bind: mac)
            """
        }
        let columns: SQLQueryString = "INSERT INTO audit_events (id, at, actor_id, action, entity_type, entity_id, outcome, detail, mac)"
        // The head this process wrote last is most likely still the head: the insert checks it in the same statement,
        // and only if another process appended meanwhile is the head read and the MAC made again.
        if tx.chain.head() == nil, let guess = tx.recentHead.value() {
            let mac = tx.keys.auditMAC(canonical, previous: guess)
            struct Row: Decodable { let seq: Int64 }
            let inserted: [Row] = try await tx.sql.raw(
                """
                \(columns) SELECT \(values(mac))
                WHERE (SELECT mac FROM audit_events ORDER BY seq DESC LIMIT 1) IS NOT DISTINCT FROM \(bind: guess)
                RETURNING seq
                """
            ).rows(Row.self)
            if !inserted.isEmpty {
                tx.chain.moved(to: mac)
                tx.recentHead.set(mac)
                return
            }
        }
        let previous = try await AuditChain.head(on: tx)
        let mac = tx.keys.auditMAC(canonical, previous: previous)
        try await tx.sql.raw("\(columns) VALUES (\(values(mac)))").run()
        tx.chain.moved(to: mac)
        tx.recentHead.set(mac)
    }

    /// Up to `limit` entries older than `before` (a sequence number), newest first.
    public static func page(before: Int64?, limit: Int, on tx: Transaction) async throws -> [AuditEntry] {
        try await Self.entries(where: "e.seq < \(bind: before ?? Int64.max)", order: "DESC", limit: limit, on: tx)
    }

    /// Events about one record, oldest first.
    public static func events(entityType: String, entityID: String, on tx: Transaction) async throws -> [AuditEvent] {
        try await Self.entries(
            where: "e.entity_type = \(bind: entityType) AND e.entity_id = \(bind: entityID)", order: "ASC", limit: 10_000, on: tx
        ).map(\.event)
    }

    private static func entries(where condition: SQLQueryString, order: String, limit: Int, on tx: Transaction) async throws -> [AuditEntry] {
        let rows = try await tx.sql.raw(
            """
            SELECT e.seq, e.id, e.at, e.actor_id, e.action, e.entity_type, e.entity_id, e.outcome, e.detail, e.mac, a.name AS actor_name
            FROM audit_events e LEFT JOIN accounts a ON a.id = e.actor_id
            WHERE \(condition)
            ORDER BY e.seq \(unsafeRaw: order)
            LIMIT \(bind: limit)
            """
        ).all()
        struct Actor: Decodable { let actorName: String? }
        return try rows.map { stored in
            let row = try stored.decoded(AuditChain.StoredEvent.self)
            let action = try AuditAction.stored(row.action, table: "audit_events", column: "action")
            let outcome = try AuditOutcome.stored(row.outcome, table: "audit_events", column: "outcome")
            return AuditEntry(
                sequence: row.seq,
                event: AuditEvent(
                    id: .init(row.id), at: row.at, actorID: row.actorId.map { .init($0) }, action: action, entityType: row.entityType,
                    entityID: row.entityId, outcome: outcome, detail: row.detail
                ),
                actorName: try stored.decoded(Actor.self).actorName
            )
        }
    }
}
