import Foundation
import TandemApp
import TandemCore

struct InstrumentJSON: Encodable {
    struct ItemJSON: Encodable {
        let number: Int
        let text: String
    }
    struct OptionJSON: Encodable {
        let value: Int
        let label: String
    }
    let id: String
    let shortName: String
    let name: String
    let instructions: String
    let items: [ItemJSON]
    let options: [OptionJSON]
    let min: Int
    let max: Int
    let higherIsBetter: Bool
    let source: String

    init(_ i: Instrument) {
        self.id = i.id
        self.shortName = i.shortName
        self.name = i.name
        self.instructions = i.instructions
        self.items = i.items.map { ItemJSON(number: $0.number, text: $0.text) }
        self.options = i.options.map { OptionJSON(value: $0.value, label: $0.label) }
        self.min = i.scoring.min
        self.max = i.scoring.max
        self.higherIsBetter = i.higherIsBetter
        self.source = i.source
    }
}

/// A scored administration with where it stands against the engagement's first of the same instrument.
struct MeasureResultJSON: Encodable {
    let id: String
    let instrument: String
    let answers: [Int]
    let total: Int
    let band: String
    let reliableChange: Nullable<String>
    let recovered: Nullable<Bool>
    let riskFlags: [String]
    let respondent: String
    let administeredAt: Date

    init(_ r: MeasureResult) {
        let a = r.administration
        self.id = a.id.description
        self.instrument = a.instrumentID
        self.answers = a.answers
        self.total = a.total
        self.band = a.band
        self.reliableChange = Nullable(r.reliableChange?.rawValue)
        self.recovered = Nullable(r.recovered)
        self.riskFlags = a.riskFlags
        self.respondent = a.respondent.rawValue
        self.administeredAt = a.administeredAt
    }
}

struct GoalScaleJSON: Encodable {
    let id: String
    let goal: Int
    let text: String
    /// The descriptions of levels -2, -1, 0, +1, +2, in that order.
    let levels: [String]
    let weight: Int
    init(_ g: GoalScale) {
        self.id = g.id.description
        self.goal = g.goalNumber
        self.text = g.goal
        self.levels = g.levels
        self.weight = g.weight
    }
}

struct GoalReviewJSON: Encodable {
    struct Rating: Encodable {
        let goalScaleId: String
        let level: Int
    }
    let id: String
    let reviewedAt: Date
    let tScore: Double
    let ratings: [Rating]
    init(_ r: GoalReview, tScore: Double) {
        self.id = r.id.description
        self.reviewedAt = r.reviewedAt
        self.tScore = (tScore * 10).rounded() / 10
        self.ratings = r.ratings.map { Rating(goalScaleId: $0.key.description, level: $0.value) }.sorted { $0.goalScaleId < $1.goalScaleId }
    }
}

struct ProgressJSON: Encodable {
    struct Band: Encodable {
        let min: Int
        let max: Int
        let label: String
    }
    struct Series: Encodable {
        let instrument: String
        let shortName: String
        let baseline: Int
        let reliableChangeThreshold: Int
        let reliableChangeBand: Band
        let clinicalCutoff: Int
        let higherIsBetter: Bool
        let bands: [Band]
        let points: [MeasureResultJSON]
    }
    struct SessionPoint: Encodable {
        let sessionId: String
        let date: Date
        let markers: [String: Int]
        let clientNamedMarkers: Int
        let takeaways: [String: Int]
        let selfRecognitionRate: Nullable<Double>
        let followThrough: [String: Int]
        let howFarRating: Nullable<Int>
    }
    let engagementId: String
    let measures: [Series]
    let sessions: [SessionPoint]
    let selfRecognitionTrend: Nullable<Double>
    let selfRecognitionTrendLabel: String
    /// "How far did we get?": the fitted change over the rated sessions (points of 0–10) and its direction.
    let howFarTrend: Nullable<Double>
    let howFarTrendLabel: String
    let goalScales: [GoalScaleJSON]
    let goalReviews: [GoalReviewJSON]

    init(engagement: Engagement.ID, _ p: ProgressPicture) {
        self.goalScales = p.goalScales.map(GoalScaleJSON.init)
        self.goalReviews = p.goalReviews.map { GoalReviewJSON($0.review, tScore: $0.tScore) }
        self.engagementId = engagement.description
        self.measures = p.series.map { s in
            let rc = s.reliableChangeBand ?? 0...0
            return Series(
                instrument: s.instrument.id, shortName: s.instrument.shortName, baseline: s.baseline ?? 0,
                reliableChangeThreshold: s.instrument.reliableChange.threshold,
                reliableChangeBand: Band(min: rc.lowerBound, max: rc.upperBound, label: "No reliable change from the baseline"),
                clinicalCutoff: s.instrument.clinicalCutoff.value, higherIsBetter: s.instrument.higherIsBetter,
                bands: s.instrument.bands.map { Band(min: $0.min, max: $0.max, label: $0.label) }, points: s.results.map(MeasureResultJSON.init)
            )
        }
        self.sessions = p.sessions.map { t in
            SessionPoint(
                sessionId: t.sessionID.description, date: t.date,
                markers: Dictionary(uniqueKeysWithValues: MarkerKind.allCases.map { ($0.rawValue, t.markers[$0] ?? 0) }),
                clientNamedMarkers: t.clientNamedMarkers, takeaways: ["client": t.clientTakeaways, "therapist": t.therapistTakeaways],
                selfRecognitionRate: Nullable(t.selfRecognitionRate),
                followThrough: Dictionary(
                    uniqueKeysWithValues: ActionReviewStatus.allCases.map { ($0.rawValue, t.followThrough[$0] ?? 0) } + [("unreviewed", t.unreviewed)]
                ),
                howFarRating: Nullable(t.howFar)
            )
        }
        self.selfRecognitionTrend = Nullable(p.selfRecognitionTrend)
        self.selfRecognitionTrendLabel = ProgressPicture.trendLabel(p.selfRecognitionChange)
        self.howFarTrend = Nullable(p.howFarTrend?.change)
        self.howFarTrendLabel = p.howFarTrend?.label ?? "Not enough ratings yet"
    }
}

/// The progress numbers as CSV: one row per administration and one per session, with a column for each number.
enum ProgressCSV {
    static let header = [
        "row", "date", "instrument", "total", "band", "reliable_change", "recovered", "session_id", "insight", "cognition", "affect", "strength",
        "reflection",
        "client_named_markers", "client_takeaways", "therapist_takeaways", "self_recognition_rate", "steps_done", "steps_partly", "steps_not_done",
        "steps_dropped", "steps_unreviewed", "gas_t_score", "how_far_rating",
    ]

    static func field(_ text: String) -> String {
        // Quote always; double quotes inside; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
        var t = text
        if let first = t.first, "=+-@".contains(first), Double(t) == nil { t = "'" + t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func make(_ p: ProgressPicture) -> String {
        let iso = ISO8601DateFormatter()
        var rows = [header]
        for s in p.series {
            for r in s.results {
                rows.append(
                    [
                        "measure", iso.string(from: r.administration.administeredAt), s.instrument.id, String(r.administration.total),
                        r.administration.band,
                        r.reliableChange?.rawValue ?? "", r.recovered.map { $0 ? "true" : "false" } ?? "",
                    ] + Array(repeating: "", count: 17)
                )
            }
        }
        for t in p.sessions {
            var row = ["session", iso.string(from: t.date), "", "", "", "", "", t.sessionID.description]
            row += MarkerKind.allCases.map { String(t.markers[$0] ?? 0) }
            row += [
                String(t.clientNamedMarkers), String(t.clientTakeaways), String(t.therapistTakeaways),
                t.selfRecognitionRate.map { String(format: "%.3f", $0) } ?? "",
            ]
            row += ActionReviewStatus.allCases.map { String(t.followThrough[$0] ?? 0) } + [String(t.unreviewed), "", t.howFar.map(String.init) ?? ""]
            rows.append(row)
        }
        for g in p.goalReviews {
            rows.append(
                ["goalReview", iso.string(from: g.review.reviewedAt)] + Array(repeating: "", count: 20) + [String(format: "%.1f", g.tScore), ""])
        }
        return rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
