import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Growing from SQLite to PostgreSQL")
struct MoveToPostgresTests {
    @Test("Every table is copied with its rows, and PostgreSQL's stores read them back", .enabled(if: Backend.available.contains(.postgres)))
    func copy() async throws {
        try await Backend.sqlite.withDatabase { source in
            let f = try await Fixture.make(source)
            _ = try await DemoData(source).generate(
                .init(practitioners: 1, clientsPerPractitioner: 4, sessionsPerClient: 5, seed: 3), practiceID: f.practice.id, passwordHash: "x",
                now: f.now
            ) { _ in }
            let client = try await source.unit {
                try await ClientStore.create(
                    ClientDetails(displayName: "Jordan Avery", email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.amy.id, at: f.now, on: $0)
            }
            let e = try await source.unit {
                try await EngagementStore.open(
                    client: client.id, practitioner: f.amy, role: .therapy, contract: EngagementStoreTests.contract, at: f.now, on: $0)
            }
            let crossing = BoundaryCrossing(
                id: .init(), engagementID: e.id, date: LocalDate(year: 2026, month: 11, day: 2)!, kind: .gift,
                rationale: "A card at the end of the work together.",
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
                // The rows came over sealed, as they were: the source's key opens them, and the chain still holds.
                let copy = try await TandemDatabase.open(target.location, keys: source.keySource, logger: Backend.logger)
                let verified = try await copy.verifyAuditChain(now: f.now)
                #expect(verified.intact && verified.checked > 0, "\(verified)")
                let target = copy
                let amy = try #require(try await target.unit { try await AccountStore.credentials(email: "amy@example.org", on: $0) })
                #expect(amy.account.id == f.amy.id)
                #expect(try await target.unit { try await BoundaryStore.crossings(of: e.id, on: $0) }.first?.consultationSought == true)
                #expect(try await target.unit { try await SessionStore.forEngagement(e.id, on: $0) }.isEmpty)
                let demo = try #require(
                    try await target.unit { try await AccountStore.credentials(email: "demo.practitioner1@example.org", on: $0) }?.account)
                let clients = try await target.unit {
                    try await ClientStore.list(scope: ClientScope.of(demo), search: nil, status: nil, after: nil, limit: 10, on: $0)
                }
                #expect(clients.items.count == 4)
                try await target.unit { try await AuditStore.append(AuditEvent(at: f.now, actorID: nil, action: .demoGenerated), on: $0) }
                await #expect(throws: MoveToPostgres.Problem.self, "a second copy into a database with a practice is refused") {
                    _ = try await MoveToPostgres.copy(from: source, to: target) { _, _, _ in }
                }
                try await copy.close()
            }
        }
    }
}
