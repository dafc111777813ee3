import Foundation

/// What one session contributed to the progress picture.
public struct SessionTally: Sendable, Equatable {
    public let sessionID: Session.ID
    public let date: Date
    public var markers: [MarkerKind: Int]
    public var clientNamedMarkers: Int
    public var clientTakeaways: Int
    public var therapistTakeaways: Int
    /// How the action steps agreed in this session went, by review status; `unreviewed` not yet reviewed.
    public var followThrough: [ActionReviewStatus: Int]
    public var unreviewed: Int
    /// The client's "How far did we get?" for the session (0–10), if given.
    public var howFar: Int?

    public init(sessionID: Session.ID, date: Date, howFar: Int? = nil) {
        self.sessionID = sessionID
        self.date = date
        self.howFar = howFar
        self.markers = [:]
        self.clientNamedMarkers = 0
        self.clientTakeaways = 0
        self.therapistTakeaways = 0
        self.followThrough = [:]
        self.unreviewed = 0
    }

    public var markerCount: Int { self.markers.values.reduce(0, +) }

    /// The self-recognition rate (docs/MODEL.md §5): client-voiced takeaways and client-named markers over all
    /// takeaways and markers of the session; nil when the session recorded none.
    public var selfRecognitionRate: Double? {
        let all = self.markerCount + self.clientTakeaways + self.therapistTakeaways
        guard all > 0 else { return nil }
        return Double(self.clientNamedMarkers + self.clientTakeaways) / Double(all)
    }
}

/// One instrument's series in an engagement: every total in time order, its baseline and where the latest stands.
public struct MeasureSeries: Sendable, Equatable {
    public let instrument: Instrument
    public let results: [MeasureResult]

    public var baseline: Int? { self.results.first?.administration.total }
    public var latest: MeasureResult? { self.results.last }
    /// The totals within which a change from the baseline is not reliable.
    public var reliableChangeBand: ClosedRange<Int>? {
        guard let baseline else { return nil }
        let t = self.instrument.reliableChange.threshold - 1
        return max(self.instrument.scoring.min, baseline - t)...min(self.instrument.scoring.max, baseline + t)
    }
}

/// Everything the progress page, its JSON and its CSV show, computed from the records.
public struct ProgressPicture: Sendable, Equatable {
    public let series: [MeasureSeries]
    /// Completed sessions in time order.
    public let sessions: [SessionTally]
    public let goalScales: [GoalScale]
    /// Reviews in time order, each with its GAS T-score.
    public let goalReviews: [(review: GoalReview, tScore: Double)]

    public static func == (a: ProgressPicture, b: ProgressPicture) -> Bool {
        a.series == b.series && a.sessions == b.sessions && a.goalScales == b.goalScales
            && a.goalReviews.map(\.review) == b.goalReviews.map(\.review)
    }

    public init(
        administrations: [Administration], library: InstrumentLibrary, sessions: [SessionTally], goalScales: [GoalScale] = [],
        goalReviews: [GoalReview] = []
    ) {
        self.goalScales = goalScales
        self.goalReviews = goalReviews.sorted { $0.reviewedAt < $1.reviewedAt }.compactMap { r in
            GoalAttainment.tScore(of: r, scales: goalScales).map { (r, $0) }
        }
        self.series = library.instruments.compactMap { instrument in
            let mine = administrations.filter { $0.instrumentID == instrument.id }.sorted { $0.administeredAt < $1.administeredAt }
            guard !mine.isEmpty else { return nil }
            return MeasureSeries(
                instrument: instrument,
                results: mine.enumerated().map { i, a in MeasureResult.of(a, instrument: instrument, history: Array(mine[...i])) }
            )
        }
        self.sessions = sessions.sorted { $0.date < $1.date }
    }

    /// The least-squares slope of the self-recognition rate per session (sessions without a rate left out); nil with
    /// fewer than two rates. Positive: the client names more of their own progress as sessions go on.
    public var selfRecognitionTrend: Double? {
        let points = self.sessions.enumerated().compactMap { i, s in s.selfRecognitionRate.map { (Double(i), $0) } }
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.map(\.0).reduce(0, +) / n
        let my = points.map(\.1).reduce(0, +) / n
        let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        guard sxx > 0 else { return nil }
        return points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / sxx
    }

    /// The fitted line's change over the whole engagement, from the first session with a rate to the last (a
    /// fraction: 0.71 is 71 percentage points); nil with fewer than two rates.
    public var selfRecognitionChange: Double? {
        let indexes = self.sessions.indices.filter { self.sessions[$0].selfRecognitionRate != nil }
        guard let slope = self.selfRecognitionTrend, let first = indexes.first, let last = indexes.last else { return nil }
        return slope * Double(last - first)
    }

    /// Rising or falling when the fitted line moves at least 10 percentage points over the whole engagement,
    /// whatever the number of sessions; steady otherwise.
    public static func trendLabel(_ change: Double?) -> String {
        guard let change else { return "Not enough sessions yet" }
        if change >= 0.10 { return "Rising" }
        if change <= -0.10 { return "Falling" }
        return "Steady"
    }

    /// "How far did we get?" over the engagement's rated sessions, in order.
    public var howFarRatings: [Int] { self.sessions.compactMap(\.howFar) }
    public var howFarTrend: HowFar.Trend? { HowFar.trend(self.howFarRatings) }
}
