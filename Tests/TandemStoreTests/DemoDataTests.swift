import Foundation
import Testing
import TandemCore

@testable import TandemStore

@Suite("Synthetic practice")
struct DemoDataTests {
    @Test("The demo writes what it promises, readable by the stores, the same for the same seed", arguments: Backend.available)
    func demo(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let plan = DemoData.Plan(practitioners: 2, clientsPerPractitioner: 3, sessionsPerClient: 4, seed: 42)
            let result = try await DemoData(db).generate(plan, practiceID: f.practice.id, passwordHash: "x", now: f.now) { _ in }
            #expect(result.sessions == 24)
            #expect(result.practitioners == ["demo.practitioner1@example.org", "demo.practitioner2@example.org"])
            #expect(try await count("sessions", in: db) == 24)
            #expect(try await count("clients", in: db) == 6)
            #expect(try await count("session_phases", in: db) == 18 * 3, "three phases for each of the 18 completed sessions")
            let account = try #require(try await AccountStore(db).credentials(email: "demo.practitioner1@example.org")?.account)
            let clients = try await ClientStore(db).list(scope: ClientScope.of(account), search: nil, status: nil, after: nil, limit: 10)
            #expect(clients.items.count == 3)
            let engagement = try #require(try await EngagementStore(db).forClient(clients.items[0].client.id).first)
            let tallies = try await LiveRecordStore(db).tallies(of: engagement.engagement.id)
            #expect(tallies.count == 3)
            #expect(try await MeasureStore(db).forEngagement(engagement.engagement.id).count == 2, "a PHQ-9 every other session")
        }
    }
}
