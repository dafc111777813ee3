import Foundation
import Testing
import TandemCore

@testable import TandemStore

@Suite("Growing from SQLite to PostgreSQL")
struct MoveToPostgresTests {
    @Test("Every table is copied with its rows, and PostgreSQL's stores read them back", .enabled(if: Backend.available.contains(.postgres)))
    func copy() async throws {
        try await Backend.sqlite.withDatabase { source in
            let f = try await Fixture.make(source)
            _ = try await DemoData(source).generate(.init(practitioners: 1, clientsPerPractitioner: 4, sessionsPerClient: 5, seed: 3), practiceID: f.practice.id, passwordHash: "x", now: f.now) { _ in }
            let client = try await ClientStore(source).create(ClientDetails(displayName: "Jordan Avery", email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.amy.id, at: f.now)
            let e = try await EngagementStore(source).open(client: client.id, practitioner: f.amy, role: .therapy, contract: EngagementStoreTests.contract, by: f.amy.id, at: f.now)
            let crossing = BoundaryCrossing(
                id: .init(), engagementID: e.id, date: LocalDate(year: 2026, month: 11, day: 2)!, kind: .gift, rationale: "A card at the end of the work together.",
                clientResponse: nil, consultationSought: true, recordedBy: f.amy.id, recordedAt: f.now
            )
            try await source.unit { tx in try await BoundaryStore.insert(crossing, on: tx) }
            let expected = try await source.dump()
            try await Backend.postgres.withDatabase { target in
                // Set up by migrations only: the practice comes from the source.
                let copied: [String: Int]
                do {
                    copied = try await MoveToPostgres.copy(from: source, to: target) { _, _, _ in }
                } catch {
                    Issue.record("the copy failed: \(String(reflecting: error))")
                    return
                }
                for (table, rows) in expected where table != "schema_migrations" {
                    #expect(copied[table] == rows.count, "\(table): \(copied[table] ?? -1) of \(rows.count)")
                }
                let amy = try #require(try await AccountStore(target).credentials(email: "amy@example.org"))
                #expect(amy.account.id == f.amy.id)
                #expect(try await BoundaryStore(target).crossings(of: e.id).first?.consultationSought == true)
                #expect(try await SessionStore(target).forEngagement(e.id).isEmpty)
                let demo = try #require(try await AccountStore(target).credentials(email: "demo.practitioner1@example.org")?.account)
                let clients = try await ClientStore(target).list(scope: ClientScope.of(demo), search: nil, status: nil, after: nil, limit: 10)
                #expect(clients.items.count == 4)
                try await AuditStore(target).record(AuditEvent(at: f.now, actorID: nil, action: .demoGenerated))
                await #expect(throws: MoveToPostgres.Problem.self, "a second copy into a database with a practice is refused") {
                    _ = try await MoveToPostgres.copy(from: source, to: target) { _, _, _ in }
                }
            }
        }
    }
}
