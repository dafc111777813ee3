import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Synthetic practice")
struct DemoDataTests {
    @Test("The demo writes what it promises, readable by the stores, the same for the same seed", arguments: Backend.available)
    func demo(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let plan = DemoData.Plan(practitioners: 2, clientsPerPractitioner: 3, sessionsPerClient: 4, seed: 42, longEngagement: 7)
            let result = try await DemoData(db).generate(plan, practiceID: f.practice.id, passwordHash: "x", now: f.now) { _ in }
            #expect(result.sessions == 27, "five clients with 4 sessions, the first with 7")
            #expect(plan.sessions == 27)
            #expect(try await count("sessions", in: db) == 27)
            #expect(try await count("session_phases", in: db) == 21 * 3, "three phases for each of the 21 completed sessions")
            #expect(result.practitioners == ["demo.practitioner1@example.org", "demo.practitioner2@example.org"])
            #expect(try await count("clients", in: db) == 6)
            let account = try #require(
                try await db.unit { try await AccountStore.credentials(email: "demo.practitioner1@example.org", on: $0) }?.account)
            let clients = try await db.unit {
                try await ClientStore.list(scope: ClientScope.of(account), search: nil, status: nil, after: nil, limit: 10, on: $0)
            }
            #expect(clients.items.count == 3)
            let ordinary = try #require(clients.items.first { $0.client.displayName.hasSuffix(" 1-2") })
            let engagement = try #require(try await db.unit { try await EngagementStore.forClient(ordinary.client.id, on: $0) }.first)
            let tallies = try await db.unit { try await LiveRecordStore.tallies(of: engagement.engagement.id, on: $0) }
            #expect(tallies.count == 3)
            #expect(
                try await db.unit { try await MeasureStore.forEngagement(engagement.engagement.id, on: $0) }.count == 2, "a PHQ-9 every other session"
            )
            let long = try #require(clients.items.first { $0.client.displayName.hasSuffix(" 1-1") })
            let longEngagement = try #require(try await db.unit { try await EngagementStore.forClient(long.client.id, on: $0) }.first)
            #expect(try await db.unit { try await SessionStore.forEngagement(longEngagement.engagement.id, on: $0) }.count == 7)
            #expect(try await db.unit { try await LiveRecordStore.tallies(of: longEngagement.engagement.id, on: $0) }.count == 6)
        }
    }
}
