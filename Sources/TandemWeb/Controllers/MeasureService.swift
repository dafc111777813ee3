import Foundation
import TandemApp
import TandemCore
import TandemStore

/// Questionnaires and the progress picture as the pages and the API use them.
struct MeasureService: Sendable {
    let services: AppServices
    var engagements: EngagementService { EngagementService(services: self.services) }
    var now: Date { self.services.now }

    func instrument(_ raw: String?) throws -> Instrument { try self.services.app.questionnaires.instrument(raw) }

    /// Scores and records an administration in session; a risk answer pauses coaching and alerts the practitioner in
    /// the same transaction.
    func record(_ rawEngagement: String?, instrument rawInstrument: String?, answers: [Int?], administeredAt: Date?, by viewer: Account) async throws -> (MeasureResult, Instrument) {
        try await self.services.app.questionnaires.record(instrument: rawInstrument, answers: answers, administeredAt: administeredAt, in: rawEngagement, by: viewer)
    }

    /// The progress picture of an engagement the viewer may read; the read is audited.
    func progress(_ rawEngagement: String?, for viewer: Account) async throws -> (EngagementView, ProgressPicture) {
        let view = try await self.engagements.load(rawEngagement, for: viewer, need: .read, audit: false)
        try await self.services.audit.record(.engagement(.progressViewed, view.engagement.id.description, by: viewer.id, at: self.now))
        return (view, try await self.picture(of: view.engagement.id))
    }

    /// The picture of an engagement whose access was already checked.
    func picture(of id: Engagement.ID) async throws -> ProgressPicture {
        ProgressPicture(
            administrations: try await self.services.measures.forEngagement(id), library: self.services.instruments,
            sessions: try await self.services.live.tallies(of: id),
            goalScales: try await self.services.goals.scales(of: id), goalReviews: try await self.services.goals.reviews(of: id)
        )
    }

    /// Scales one of the engagement's goals: five levels in the client's words and a weight.
    func scaleGoal(_ rawEngagement: String?, goal: String?, levels: [String?], weight: String?, by viewer: Account) async throws -> GoalScale {
        let view = try await self.engagements.loadOpen(rawEngagement, for: viewer)
        let (number, goal, texts, w) = try GoalScale.validated(goalNumber: goal, levels: levels, weight: weight, goals: view.engagement.contract.goals)
        let scale = GoalScale(id: .init(), engagementID: view.engagement.id, goalNumber: number, goal: goal, levels: texts, weight: w, createdAt: self.now)
        try await self.services.goals.scale(scale, by: viewer.id)
        return scale
    }

    /// Records a review rating every scaled goal; answers it with its T-score.
    func reviewGoals(_ rawEngagement: String?, ratings typed: [(scale: String?, level: Int?)], by viewer: Account) async throws -> (GoalReview, Double) {
        let view = try await self.engagements.loadOpen(rawEngagement, for: viewer)
        let scales = try await self.services.goals.scales(of: view.engagement.id)
        let ratings = try GoalAttainment.validated(typed, scales: scales)
        let review = GoalReview(id: .init(), engagementID: view.engagement.id, reviewedAt: self.now, ratings: ratings, recordedBy: viewer.id)
        try await self.services.goals.review(review)
        return (review, GoalAttainment.tScore(of: review, scales: scales) ?? 50)
    }
}
