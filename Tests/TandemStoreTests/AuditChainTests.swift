import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

/// The audit chain: appends from many writers at once chain in order, and `verify` names the first event that was
/// changed, removed or moved, even after the database's own triggers were dropped to do it.
@Suite("The tamper-evident audit chain")
struct AuditChainTests {
    /// A database with `count` audit events, appended by concurrent writers.
    static func events(_ db: TandemDatabase, count: Int) async throws -> Fixture {
        let f = try await Fixture.make(db)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<count {
                group.addTask {
                    try await db.unit { tx in
                        try await AuditStore.append(
                            AuditEvent(
                                at: f.now.addingTimeInterval(Double(i)), actorID: f.amy.id, action: .clientViewed, entityType: "client",
                                entityID: "\(i)", detail: "event \(i)"), on: tx)
                    }
                }
            }
            try await group.waitForAll()
        }
        return f
    }

    struct Event: Decodable {
        let seq: Int64
        let id: UUID
        let detail: String?
        let mac: String?
    }

    static func all(_ db: TandemDatabase) async throws -> [Event] {
        try await db.sql.raw("SELECT seq, id, detail, mac FROM audit_events ORDER BY seq").all(decoding: Event.self)
    }

    /// Drops the append-only triggers, as someone with the database file (not the key) could.
    static func unprotect(_ db: TandemDatabase) async throws {
        for statement in db.dialect.allowChanges(on: "audit_events") { try await db.sql.raw("\(unsafeRaw: statement)").run() }
    }

    @Test("Forty concurrent writers chain in order, and the chain verifies", arguments: Backend.available)
    func concurrent(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Self.events(db, count: 40)
            let events = try await Self.all(db)
            #expect(events.count == 40 && events.allSatisfy { $0.mac != nil })
            let result = try await db.verifyAuditChain(now: f.now)
            #expect(result.intact, "\(result)")
            #expect(result.checked == 40)
            #expect(result.lastSequence == events.last?.seq)
        }
    }

    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case changed, removed, reordered, endRemoved
        var testDescription: String { self.rawValue }
    }

    @Test(
        "An event changed, removed or moved, or the end of the chain cut off: verify names the first event affected",
        arguments: Backend.available, Tampering.allCases)
    func tampering(backend: Backend, tampering: Tampering) async throws {
        try await backend.withDatabase { db in
            let f = try await Self.events(db, count: 12)
            #expect(try await db.verifyAuditChain(now: f.now).intact)
            let events = try await Self.all(db)
            let k = events[5]
            let next = events[6]
            try await Self.unprotect(db)
            switch tampering {
            case .changed:
                try await db.sql.raw("UPDATE audit_events SET detail = 'nothing to see' WHERE seq = \(bind: k.seq)").run()
            case .removed:
                try await db.sql.raw("DELETE FROM audit_events WHERE seq = \(bind: k.seq)").run()
            case .reordered:
                // The two events trade places: every column but the sequence number swapped.
                let columns = "id, at, actor_id, action, entity_type, entity_id, outcome, detail, mac"
                let a = try #require(try await db.sql.raw("SELECT \(unsafeRaw: columns) FROM audit_events WHERE seq = \(bind: k.seq)").first())
                let b = try #require(try await db.sql.raw("SELECT \(unsafeRaw: columns) FROM audit_events WHERE seq = \(bind: next.seq)").first())
                func set(_ seq: Int64, from row: any SQLRow, id: UUID) async throws {
                    try await db.sql.raw(
                        """
                        UPDATE audit_events SET id = \(bind: id), at = \(bind: try row.decode(column: "at", as: Date.self)),
                            action = \(bind: try row.decode(column: "action", as: String.self)),
                            entity_id = \(bind: try row.decode(column: "entity_id", as: String?.self)),
                            detail = \(bind: try row.decode(column: "detail", as: String?.self)), mac = \(bind: try row.decode(column: "mac", as: String?.self))
                        WHERE seq = \(bind: seq)
                        """
                    ).run()
                }
                try await set(k.seq, from: a, id: UUID())
                try await set(next.seq, from: a, id: k.id)
                try await set(k.seq, from: b, id: next.id)
            case .endRemoved:
                try await db.sql.raw("DELETE FROM audit_events WHERE seq = \(bind: events.last!.seq)").run()
            }
            let result = try await db.verifyAuditChain(now: f.now)
            let problem = try #require(result.problem, "verify found the \(tampering) event")
            switch tampering {
            case .changed, .reordered: #expect(problem.hasPrefix("audit event \(k.seq) "), "\(problem)")
            case .removed: #expect(problem.hasPrefix("audit event \(next.seq) "), "\(problem)")
            case .endRemoved: #expect(problem.contains("events were removed from its end"), "\(problem)")
            }
            let recorded = try await db.unit { try await AuditChain.lastResult(on: $0) }
            #expect(recorded?.problem == problem, "the audit page shows the broken chain")
        }
    }
}
