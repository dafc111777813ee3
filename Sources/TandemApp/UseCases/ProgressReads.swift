import Foundation
import TandemCore
import TandemStore

/// The progress picture of an engagement, and the Goal Attainment Scaling that feeds it.
public struct ProgressReads: Sendable {
    let app: App

    /// The progress picture of an engagement the actor may read; the read is audited.
    public func progress(_ engagement: Engagement.ID, for actor: Account) async throws -> (EngagementView, ProgressPicture) {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .read, at: now, on: tx)
            try await AuditStore.append(.engagement(.progressViewed, view.engagement.id.description, by: actor.id, at: now), on: tx)
            return (view, try await ProgressPicture.of(view.engagement.id, library: library, on: tx))
        }
    }

    /// Scales one of the engagement's goals: five levels in the client's words and a weight.
    public func scaleGoal(_ engagement: Engagement.ID, goal: String?, levels: [String?], weight: String?, by actor: Account) async throws -> GoalScale
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            let (number, goal, texts, w) = try GoalScale.validated(
                goalNumber: goal, levels: levels, weight: weight, goals: view.engagement.contract.goals)
            let scale = GoalScale(
                id: .init(), engagementID: view.engagement.id, goalNumber: number, goal: goal, levels: texts, weight: w, createdAt: now)
            try await GoalStore.scale(scale, on: tx)
            try await AuditStore.append(.engagement(.goalScaled, scale.id.description, type: "goal-scale", by: actor.id, at: now), on: tx)
            return scale
        }
    }

    /// Records a review rating every scaled goal; answers it with its T-score.
    public func reviewGoals(_ engagement: Engagement.ID, ratings typed: [(scale: String?, level: Int?)], by actor: Account) async throws -> (
        GoalReview, Double
    ) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            let scales = try await GoalStore.scales(of: view.engagement.id, on: tx)
            let ratings = try GoalAttainment.validated(typed, scales: scales)
            let review = GoalReview(id: .init(), engagementID: view.engagement.id, reviewedAt: now, ratings: ratings, recordedBy: actor.id)
            try await GoalStore.review(review, on: tx)
            try await AuditStore.append(.engagement(.goalReviewed, review.id.description, type: "goal-review", by: actor.id, at: now), on: tx)
            return (review, GoalAttainment.tScore(of: review, scales: scales) ?? 50)
        }
    }
}

extension ProgressPicture {
    /// The picture of an engagement whose access was already checked, read on the use case's transaction.
    static func of(_ id: Engagement.ID, library: InstrumentLibrary, on tx: Transaction) async throws -> ProgressPicture {
        ProgressPicture(
            administrations: try await MeasureStore.forEngagement(id, on: tx), library: library,
            sessions: try await LiveRecordStore.tallies(of: id, on: tx),
            goalScales: try await GoalStore.scales(of: id, on: tx), goalReviews: try await GoalStore.reviews(of: id, on: tx)
        )
    }
}
