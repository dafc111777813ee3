import Foundation
import SQLKit
import TandemCore

/// Goal Attainment Scaling: the scaled goals of an engagement and its reviews. Reviews are kept, never changed.
public enum GoalStore {

    /// Scales a goal; a goal already scaled answers a conflict (its levels were set at the start, in the client's words).
    public static func scale(_ g: GoalScale, on tx: Transaction) async throws {
        do {
            try await tx.sql.raw(
                """
                INSERT INTO goal_scales (id, engagement_id, goal_number, goal, level_minus2, level_minus1, level_0, level_plus1, level_plus2, weight, created_at)
                VALUES (\(bind: g.id.uuid), \(bind: g.engagementID.uuid), \(bind: g.goalNumber),
                        \(bind: try tx.keys.seal(g.goal, Sealed.goal, row: g.id.uuid)), \(bind: try tx.keys.seal(g.levels[0], Sealed.levels[0], row: g.id.uuid)),
                        \(bind: try tx.keys.seal(g.levels[1], Sealed.levels[1], row: g.id.uuid)),
                        \(bind: try tx.keys.seal(g.levels[2], Sealed.levels[2], row: g.id.uuid)),
                        \(bind: try tx.keys.seal(g.levels[3], Sealed.levels[3], row: g.id.uuid)),
                        \(bind: try tx.keys.seal(g.levels[4], Sealed.levels[4], row: g.id.uuid)), \(bind: g.weight), \(bind: g.createdAt))
                """
            ).run()
        } catch  where Dialect.isUniqueViolation(error) {
            throw TandemError.conflict(
                code: .goalAlreadyScaled, message: "Goal \(g.goalNumber) is already scaled; its levels were set at the start.")
        }
    }

    public static func scales(of engagement: Engagement.ID, on tx: Transaction) async throws -> [GoalScale] {
        struct Row: Decodable {
            let id: UUID
            let goalNumber: Int
            let goal: String
            let levelMinus2: String
            let levelMinus1: String
            let levelZero: String
            let levelPlus1: String
            let levelPlus2: String
            let weight: Int
            let createdAt: Date
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, goal_number, goal, level_minus2, level_minus1, level_0 AS level_zero, level_plus1, level_plus2, weight, created_at
            FROM goal_scales WHERE engagement_id = \(bind: engagement.uuid) ORDER BY goal_number
            """
        ).rows(Row.self)
        let keys = tx.keys
        return try rows.map { row in
            let levels = try zip([row.levelMinus2, row.levelMinus1, row.levelZero, row.levelPlus1, row.levelPlus2], Sealed.levels).map {
                try keys.open($0, $1, row: row.id)
            }
            return GoalScale(
                id: .init(row.id), engagementID: engagement, goalNumber: row.goalNumber, goal: try keys.open(row.goal, Sealed.goal, row: row.id),
                levels: levels, weight: row.weight, createdAt: row.createdAt
            )
        }
    }

    public static func review(_ r: GoalReview, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO goal_reviews (id, engagement_id, reviewed_at, recorded_by)
            VALUES (\(bind: r.id.uuid), \(bind: r.engagementID.uuid), \(bind: r.reviewedAt), \(bind: r.recordedBy.uuid))
            """
        ).run()
        for (scale, level) in r.ratings.sorted(by: { $0.key.uuid.uuidString < $1.key.uuid.uuidString }) {
            try await tx.sql.raw(
                "INSERT INTO goal_ratings (review_id, goal_scale_id, level) VALUES (\(bind: r.id.uuid), \(bind: scale.uuid), \(bind: level))"
            ).run()
        }
    }

    /// Every review of the engagement, oldest first, with its ratings.
    public static func reviews(of engagement: Engagement.ID, on tx: Transaction) async throws -> [GoalReview] {
        struct Row: Decodable {
            let id: UUID
            let reviewedAt: Date
            let recordedBy: UUID
            let goalScaleId: UUID?
            let level: Int?
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT r.id, r.reviewed_at, r.recorded_by, g.goal_scale_id, g.level
            FROM goal_reviews r LEFT JOIN goal_ratings g ON g.review_id = r.id
            WHERE r.engagement_id = \(bind: engagement.uuid) ORDER BY r.reviewed_at, r.id
            """
        ).rows(Row.self)
        var order: [UUID] = []
        var byID: [UUID: (Date, UUID, [GoalScale.ID: Int])] = [:]
        for row in rows {
            if byID[row.id] == nil {
                order.append(row.id)
                byID[row.id] = (row.reviewedAt, row.recordedBy, [:])
            }
            if let scale = row.goalScaleId, let level = row.level { byID[row.id]?.2[.init(scale)] = level }
        }
        return order.map { id in
            let (at, by, ratings) = byID[id]!
            return GoalReview(id: .init(id), engagementID: engagement, reviewedAt: at, ratings: ratings, recordedBy: .init(by))
        }
    }
}
