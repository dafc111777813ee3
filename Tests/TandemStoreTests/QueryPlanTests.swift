import Foundation
import SQLKit
import Testing
import TandemCore

@testable import TandemStore

/// The queries behind the benchmarked routes must not scan a table that grows with the practice: SQLite's
/// EXPLAIN QUERY PLAN on a seeded database, each line checked. (A curated list of the hot queries, not every query.)
@Suite("Query plans")
struct QueryPlanTests {
    @Test("No full scan of a growing table in the hot queries")
    func plans() async throws {
        try await Backend.sqlite.withDatabase { db in
            let f = try await Fixture.make(db)
            _ = try await DemoData(db).generate(.init(practitioners: 3, clientsPerPractitioner: 20, sessionsPerClient: 8, seed: 9), practiceID: f.practice.id, passwordHash: "x", now: f.now) { _ in }
            try await db.sql.raw("ANALYZE").run()
            let id = UUID()
            let queries: [(String, SQLQueryString)] = [
                ("client list of a practitioner", "SELECT c.id FROM clients c WHERE c.practitioner_id = \(bind: id) AND c.status = 'active' ORDER BY c.sort_name, c.id LIMIT 51"),
                ("client search", "SELECT c.id FROM clients c WHERE c.practitioner_id = \(bind: id) AND lower(c.display_name) LIKE '%ave%' ORDER BY c.sort_name, c.id LIMIT 51"),
                ("engagements of a client", "\(EngagementStore.select) WHERE e.client_id = \(bind: id) ORDER BY e.created_at DESC"),
                ("engagements held", "\(EngagementStore.select) WHERE e.practitioner_id = \(bind: id)"),
                ("latest screening", "SELECT id FROM screenings WHERE engagement_id = \(bind: id) ORDER BY screened_at DESC, id LIMIT 1"),
                ("sessions of an engagement", "\(SessionStore.select) WHERE s.engagement_id = \(bind: id) ORDER BY s.scheduled_at, s.id"),
                ("day view", "\(SessionStore.select) WHERE e.practitioner_id = \(bind: id) AND s.scheduled_at >= 0 AND s.scheduled_at < 1 ORDER BY s.scheduled_at, s.id"),
                ("phases of sessions", "SELECT session_id, phase, began_at FROM session_phases WHERE session_id IN (\(bind: id), \(bind: UUID())) ORDER BY began_at"),
                ("markers of a session", "SELECT * FROM markers WHERE session_id = \(bind: id) ORDER BY at_seconds, recorded_at, id"),
                ("takeaways of a session", "SELECT id FROM takeaways WHERE session_id = \(bind: id) ORDER BY recorded_at, id"),
                ("steps to review", "SELECT id FROM action_steps WHERE engagement_id = \(bind: id) AND session_id <> \(bind: id) AND review_status IS NULL"),
                ("tallies: markers", "SELECT m.session_id, m.kind FROM markers m JOIN sessions s ON s.id = m.session_id WHERE s.engagement_id = \(bind: id) AND s.status = 'completed'"),
                ("administrations", "SELECT id FROM administrations WHERE engagement_id = \(bind: id) ORDER BY administered_at"),
                ("open alerts", "SELECT id FROM alerts WHERE recipient_id = \(bind: id) AND resolved_at IS NULL ORDER BY created_at DESC"),
                ("completed since", "SELECT COUNT(*) FROM sessions WHERE engagement_id = \(bind: id) AND status = 'completed' AND started_at >= 0"),
                ("audit of a record", "SELECT seq FROM audit_events WHERE entity_type = 'session' AND entity_id = 'x' ORDER BY seq"),
            ]
            struct Plan: Decodable { let detail: String }
            for (name, query) in queries {
                var explain = SQLQueryString("EXPLAIN QUERY PLAN ")
                explain.appendInterpolation(query)
                let lines: [Plan] = try await db.sql.raw(explain).rows(Plan.self)
                #expect(!lines.isEmpty, "\(name) has a plan")
                for line in lines.map(\.detail) where line.hasPrefix("SCAN ") && !line.hasPrefix("SCAN CONSTANT") {
                    // Every hot query searches an index; a SCAN (with an alias or a table name) reads a whole table.
                    Issue.record("\(name) scans a table: \(line)")
                }
            }
        }
    }
}
