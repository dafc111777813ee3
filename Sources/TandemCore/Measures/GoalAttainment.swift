import Foundation

/// One of the engagement's goals scaled for Goal Attainment Scaling (Kiresuk and Sherman 1968): five levels from
/// -2 (much less than expected) to +2 (much more than expected), described in the client's words at the start, and a
/// weight from 1 to 4.
public struct GoalScale: Sendable, Equatable, Identifiable {
    /// The longest description of one level, in the client's words.
    public static let maximumLevelText = 300

    public typealias ID = Identifier<GoalScale>
    public let id: ID
    public let engagementID: Engagement.ID
    /// 1-based: which of the contract's goals.
    public let goalNumber: Int
    public let goal: String
    /// The descriptions of levels -2, -1, 0, +1, +2, in that order.
    public let levels: [String]
    public let weight: Int
    public let createdAt: Date

    public init(id: ID, engagementID: Engagement.ID, goalNumber: Int, goal: String, levels: [String], weight: Int, createdAt: Date) {
        self.id = id
        self.engagementID = engagementID
        self.goalNumber = goalNumber
        self.goal = goal
        self.levels = levels
        self.weight = weight
        self.createdAt = createdAt
    }

    public static let levelRange = -2...2
    public static let weightRange = 1...4

    public static func levelLabel(_ level: Int) -> String { level > 0 ? "+\(level)" : String(level) }

    /// Checks a goal's scale as typed: the goal must be one of the contract's, each level described, the weight 1 to 4.
    public static func validated(goalNumber: String?, levels: [String?], weight: String?, goals: [String]) throws(TandemError) -> (
        Int, String, [String], Int
    ) {
        var v = Validator()
        var number = 0
        let given = goalNumber.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let n = given, (1...EngagementContract.maximumGoals).contains(n) {
            number = n
        } else {
            v.fail("goal", "goal must be the number of one of the engagement's goals, 1 to \(goals.count).")
        }
        var texts: [String] = []
        for (i, level) in Self.levelRange.enumerated() {
            let raw = i < levels.count ? levels[i] : nil
            texts.append(v.required("level\(i)", "Level \(Self.levelLabel(level))", raw, max: Self.maximumLevelText))
        }
        var w = 0
        if let n = weight.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), Self.weightRange.contains(n) {
            w = n
        } else {
            v.fail("weight", "Weight must be a whole number from 1 to 4.")
        }
        try v.check()
        // A goal number a contract could hold, but this one does not: the engagement's state, not the request.
        guard number <= goals.count else {
            throw .conflict(
                code: .noSuchGoal, message: "This engagement has \(goals.count) goal\(goals.count == 1 ? "" : "s"); there is no goal \(number).")
        }
        return (number, goals[number - 1], texts, w)
    }
}

/// A review: every scaled goal rated at one date, and the GAS T-score that sums them up.
public struct GoalReview: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<GoalReview>
    public let id: ID
    public let engagementID: Engagement.ID
    public let reviewedAt: Date
    /// The level reached, -2 to +2, per scaled goal.
    public let ratings: [GoalScale.ID: Int]
    public let recordedBy: Account.ID

    public init(id: ID, engagementID: Engagement.ID, reviewedAt: Date, ratings: [GoalScale.ID: Int], recordedBy: Account.ID) {
        self.id = id
        self.engagementID = engagementID
        self.reviewedAt = reviewedAt
        self.ratings = ratings
        self.recordedBy = recordedBy
    }
}

public enum GoalAttainment {
    /// The assumed correlation between goal scores (Kiresuk and Sherman 1968 recommend 0.3).
    public static let rho = 0.3

    /// The GAS T-score (Kiresuk T, Sherman R. Goal attainment scaling: a general method for evaluating comprehensive
    /// community mental health programs. Community Ment Health J 1968;4:443-453):
    ///
    ///     T = 50 + 10 Σ wᵢxᵢ / √((1 − ρ) Σ wᵢ² + ρ (Σ wᵢ)²),  ρ = 0.3
    ///
    /// where xᵢ is the level reached (-2 to +2) and wᵢ the weight of goal i. 50 means goals were met as expected.
    public static func tScore(_ rated: [(weight: Int, level: Int)]) -> Double? {
        guard !rated.isEmpty else { return nil }
        let w = rated.map { Double($0.weight) }
        let sumWX = zip(w, rated.map { Double($0.level) }).map(*).reduce(0, +)
        let sumW2 = w.map { $0 * $0 }.reduce(0, +)
        let sumW = w.reduce(0, +)
        return 50 + 10 * sumWX / ((1 - Self.rho) * sumW2 + Self.rho * sumW * sumW).squareRoot()
    }

    /// Checks a review as typed: every scaled goal rated once, with a level from -2 to +2.
    public static func validated(_ typed: [(scale: String?, level: Int?)], scales: [GoalScale]) throws(TandemError) -> [GoalScale.ID: Int] {
        guard !scales.isEmpty else {
            throw .conflict(code: .noGoalScales, message: "Scale at least one goal (its five levels and weight) before a review.")
        }
        var v = Validator()
        var ratings: [GoalScale.ID: Int] = [:]
        for (i, entry) in typed.enumerated() {
            guard let raw = entry.scale, let id = GoalScale.ID(raw), scales.contains(where: { $0.id == id }) else {
                v.fail("ratings[\(i)].goalScaleId", "goalScaleId must name one of this engagement's scaled goals.")
                continue
            }
            guard let level = entry.level, GoalScale.levelRange.contains(level) else {
                v.fail("ratings[\(i)].level", "level must be a whole number from -2 to 2.")
                continue
            }
            if ratings[id] != nil { v.fail("ratings[\(i)].goalScaleId", "Each goal is rated once per review.") }
            ratings[id] = level
        }
        for scale in scales where ratings[scale.id] == nil && v.errors.isEmpty {
            v.fail("ratings", "Rate every scaled goal: goal \(scale.goalNumber) is not rated.")
        }
        try v.check()
        return ratings
    }

    /// The T-score of a review against the scales it rates.
    public static func tScore(of review: GoalReview, scales: [GoalScale]) -> Double? {
        self.tScore(scales.compactMap { s in review.ratings[s.id].map { (s.weight, $0) } })
    }
}
