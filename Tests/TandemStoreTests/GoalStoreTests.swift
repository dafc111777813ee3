import Foundation
import TandemCore
import Testing

@testable import TandemStore

@Suite("Goal Attainment Scaling in the database")
struct GoalStoreTests {
    @Test("Scales and reviews read back as written; a goal is scaled once; reviews are permanent", arguments: Backend.available)
    func goals(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await SessionStoreTests.engagement(db)
            let scale = GoalScale(
                id: .init(), engagementID: e.id, goalNumber: 1, goal: "Sleep again", levels: ["a", "b", "c", "d", "e"], weight: 2, createdAt: f.now)
            try await db.unit { try await GoalStore.scale(scale, on: $0) }
            await #expect(throws: TandemError.self) {
                try await db.unit {
                    try await GoalStore.scale(
                        GoalScale(
                            id: .init(), engagementID: e.id, goalNumber: 1, goal: "x", levels: ["a", "b", "c", "d", "e"], weight: 1, createdAt: f.now),
                        on: $0)
                }
            }
            #expect(try await db.unit { try await GoalStore.scales(of: e.id, on: $0) } == [scale])
            let review = GoalReview(id: .init(), engagementID: e.id, reviewedAt: f.now, ratings: [scale.id: 1], recordedBy: f.amy.id)
            try await db.unit { try await GoalStore.review(review, on: $0) }
            #expect(try await db.unit { try await GoalStore.reviews(of: e.id, on: $0) } == [review])
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("UPDATE goal_ratings SET level = 2").run()
            }
        }
    }
}
