import Foundation
import TandemApp
import TandemCore

struct ProgressPage: PageModel {
    struct GASPart: Sendable {
        struct ScaleRow: Sendable {
            let goal: String
            let weight: Int
            let levels: [String]
        }
        struct ReviewRow: Sendable {
            let date: String
            let tScore: String
            let levels: String
        }
        let hasScales: Bool
        let scales: [ScaleRow]
        let hasReviews: Bool
        let reviews: [ReviewRow]
        let chart: Chart.Line?
        let canRecord: Bool
        let scaleAction: String
        let scaleItems: [FormItem]
        let canScale: Bool
        let reviewAction: String
        let reviewItems: [FormItem]
        let errorSummary: ErrorSummary?
    }

    static let template = "progress"
    struct MeasureRow: Sendable {
        let date: String
        let total: Int
        let band: String
        let change: String
        let recovered: String
        let risk: String?
    }
    struct MeasureSection: Sendable {
        /// The section's anchor, `measure-<instrument>`, which a safety alert links to.
        let id: String
        let heading: String
        let chart: Chart.Line
        let rows: [MeasureRow]
        let note: String
    }
    struct SessionRow: Sendable {
        let date: String
        let markers: [Int]
        let clientNamed: Int
        let clientTakeaways: Int
        let therapistTakeaways: Int
        let rate: String
        let howFar: String
        let follow: [Int]
    }
    struct Link: Sendable {
        let href: String
        let label: String
    }
    let shell: Shell
    let heading: String
    let engagementHref: String
    let engagementLabel: String
    let csvHref: String
    let recordLinks: [Link]
    let hasMeasures: Bool
    let measures: [MeasureSection]
    let hasSessions: Bool
    let markersChart: Chart.Stacked
    let rateChart: Chart.Line
    /// "How far did we get?" per rated session, with its fitted trend; nil before any rating.
    let howFarChart: Chart.Line?
    let howFarTrend: String
    let howFarNote: String
    let followChart: Chart.Stacked
    let trend: String
    let markerKinds: [String]
    let followKinds: [String]
    let sessions: [SessionRow]
    let gas: GASPart
}

extension ProgressPage {

    /// Everything the page shows: the picture's charts and tables in the viewer's time zone, and the goal-scaling
    /// forms with what was typed in a refused one (for the practitioner; the client's page has no forms).
    static func make(
        _ view: EngagementView, _ picture: ProgressPicture, zone: TimeZone, shell: Shell, instruments: [Instrument], values: [String: String],
        errors: [FieldError]
    ) -> ProgressPage {
        func day(_ date: Date) -> String { Formats.shortDate(Formats.day(date, in: zone)) }
        let e = view.engagement
        let measures = picture.series.map { series -> ProgressPage.MeasureSection in
            let i = series.instrument
            let rc = series.reliableChangeBand
            let values = series.results.map { Double($0.administration.total) }
            let dates = series.results.map { day($0.administration.administeredAt) }
            let chart = Chart.line(
                id: "chart-\(i.id)", title: "\(i.shortName) totals over time",
                description: "\(i.shortName) totals: "
                    + zip(dates, series.results).map { "\($0.0) \($0.1.administration.total) (\($0.1.administration.band))" }.joined(separator: "; ")
                    + (rc.map { ". No reliable change between \($0.lowerBound) and \($0.upperBound) around the baseline of \(series.baseline ?? 0)." }
                        ?? ""),
                values: values, labels: dates,
                titles: series.results.map { "\(day($0.administration.administeredAt)): \($0.administration.total), \($0.administration.band)" },
                min: Double(i.scoring.min), max: Double(i.scoring.max),
                bands: i.bands.enumerated().map {
                    (
                        Double($0.element.min), Double($0.element.max) + (Double($0.element.max) < Double(i.scoring.max) ? 1 : 0),
                        "severity-\(i.higherIsBetter ? i.bands.count - 1 - $0.offset : $0.offset)", $0.element.label
                    )
                },
                highlight: rc.map {
                    (
                        Double($0.lowerBound), Double($0.upperBound),
                        "No reliable change from the baseline (\(i.reliableChange.threshold) points or more is reliable)"
                    )
                },
                whole: true, format: { String(Int($0.rounded())) }
            )
            return ProgressPage.MeasureSection(
                id: "measure-\(i.id)", heading: "\(i.shortName): \(i.name)", chart: chart,
                rows: series.results.map { r in
                    .init(
                        date: day(r.administration.administeredAt), total: r.administration.total, band: r.administration.band,
                        change: r.reliableChange?.label ?? "Baseline", recovered: r.recovered.map { $0 ? "Yes" : "No" } ?? "—",
                        risk: r.administration.riskFlags.isEmpty ? nil : "Risk item answered"
                    )
                },
                note: "Reliable change: \(i.reliableChange.threshold) points (\(i.reliableChange.source)) Clinical cutoff: \(i.clinicalCutoff.value)."
            )
        }
        let sessions = picture.sessions
        let labels = sessions.enumerated().map { "S\($0.offset + 1)" }
        let markersChart = Chart.stacked(
            id: "chart-markers", title: "Progress markers per session, by kind",
            description: zip(labels, sessions).map { l, s in
                "\(l) (\(day(s.date))): " + MarkerKind.allCases.map { "\(s.markers[$0] ?? 0) \($0.label.lowercased())" }.joined(separator: ", ")
            }.joined(separator: "; "),
            stacks: sessions.map { s in MarkerKind.allCases.map { (s.markers[$0] ?? 0, "kind-\($0.rawValue)", $0.label) } }, labels: labels,
            legend: MarkerKind.allCases.map { ("kind-\($0.rawValue)", $0.label) }
        )
        let rates = sessions.map { $0.selfRecognitionRate }
        let ratePoints = zip(labels, rates).compactMap { l, r in r.map { (l, $0) } }
        let slope = picture.selfRecognitionTrend
        var trendLine: (Double, Double)?
        if let slope, !ratePoints.isEmpty {
            let mean = ratePoints.map(\.1).reduce(0, +) / Double(ratePoints.count)
            trendLine = (slope, mean - slope * Double(ratePoints.count - 1) / 2)
        }
        let rateChart = Chart.line(
            id: "chart-rate", title: "Self-recognition rate per session",
            description: "Client-voiced takeaways and client-named markers over all takeaways and markers: "
                + ratePoints.map { "\($0.0) \(Int(($0.1 * 100).rounded()))%" }.joined(separator: ", ")
                + ". Trend: \(ProgressPicture.trendLabel(picture.selfRecognitionChange)).",
            values: ratePoints.map(\.1), labels: ratePoints.map(\.0), titles: ratePoints.map { "\($0.0): \(Int(($0.1 * 100).rounded()))%" }, min: 0,
            max: 1,
            bands: [], highlight: nil, trend: trendLine, format: { "\(Int(($0 * 100).rounded()))%" }
        )
        let ratings = zip(labels, sessions).compactMap { l, s in s.howFar.map { (l, $0) } }
        var howFarLine: (Double, Double)?
        if ratings.count >= 2 {
            let fit = Fit.line(ratings.map { Double($0.1) })
            howFarLine = (fit.slope, fit.intercept)
        }
        let howFarChart: Chart.Line? =
            ratings.isEmpty
            ? nil
            : Chart.line(
                id: "chart-how-far", title: "How far did we get? (0–10), per rated session",
                description: "The client's rating of how far each session got toward where they wanted to go: "
                    + ratings.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
                    + ". Trend: \(picture.howFarTrend?.label ?? "not enough ratings yet").",
                values: ratings.map { Double($0.1) }, labels: ratings.map(\.0), titles: ratings.map { "\($0.0): \($0.1) of 10" }, min: 0, max: 10,
                bands: [], highlight: nil, trend: howFarLine, whole: true, format: { String(Int($0.rounded())) })
        let followKinds: [(String, String)] =
            ActionReviewStatus.allCases.map { ("follow-\($0.rawValue)", $0.label) } + [("follow-unreviewed", "Not reviewed yet")]
        let followChart = Chart.stacked(
            id: "chart-follow", title: "Action-step follow-through, by the session that agreed them",
            description: zip(labels, sessions).map { l, s in
                "\(l): " + ActionReviewStatus.allCases.map { "\(s.followThrough[$0] ?? 0) \($0.label.lowercased())" }.joined(separator: ", ")
                    + ", \(s.unreviewed) not reviewed"
            }.joined(separator: "; "),
            stacks: sessions.map { s in
                ActionReviewStatus.allCases.map { (s.followThrough[$0] ?? 0, "follow-\($0.rawValue)", $0.label) } + [
                    (s.unreviewed, "follow-unreviewed", "Not reviewed yet")
                ]
            },
            labels: labels, legend: followKinds
        )
        return ProgressPage(
            shell: shell,
            heading: "Progress: \(view.item.clientName)",
            engagementHref: SiteURL.engagement(e.id).path, engagementLabel: "\(e.role.label) with \(view.item.clientName)",
            csvHref: SiteURL.progressCSV(e.id).path,
            recordLinks: view.access == .write && e.status == .open
                ? instruments.map {
                    .init(href: SiteURL.newMeasure(e.id).path + "?instrument=\($0.id)", label: "Record a \($0.shortName)")
                } : [],
            hasMeasures: !measures.isEmpty, measures: measures, hasSessions: !sessions.isEmpty,
            markersChart: markersChart, rateChart: rateChart, howFarChart: howFarChart,
            howFarTrend: picture.howFarTrend?.label ?? "Not enough ratings yet", howFarNote: HowFar.notInstrument, followChart: followChart,
            trend: ProgressPicture.trendLabel(picture.selfRecognitionChange),
            markerKinds: MarkerKind.allCases.map(\.label), followKinds: followKinds.map(\.1),
            sessions: zip(labels, sessions).map { l, s in
                .init(
                    date: "\(l) \(day(s.date))", markers: MarkerKind.allCases.map { s.markers[$0] ?? 0 }, clientNamed: s.clientNamedMarkers,
                    clientTakeaways: s.clientTakeaways, therapistTakeaways: s.therapistTakeaways,
                    rate: s.selfRecognitionRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "—", howFar: s.howFar.map(String.init) ?? "—",
                    follow: ActionReviewStatus.allCases.map { s.followThrough[$0] ?? 0 } + [s.unreviewed]
                )
            },
            gas: Self.gas(view, picture, day: day, values: values, errors: errors)
        )
    }

    private static func gas(_ view: EngagementView, _ picture: ProgressPicture, day: (Date) -> String, values: [String: String], errors: [FieldError])
        -> ProgressPage.GASPart
    {
        let e = view.engagement
        let canRecord = view.access == .write && e.status == .open
        let unscaled = e.contract.goals.enumerated().filter { i, _ in !picture.goalScales.contains { $0.goalNumber == i + 1 } }
        let scores = picture.goalReviews.map(\.tScore)
        let dates = picture.goalReviews.map { day($0.review.reviewedAt) }
        let chart: Chart.Line? =
            scores.isEmpty
            ? nil
            : Chart.line(
                id: "chart-gas", title: "GAS T-score over reviews",
                description: "Goal Attainment Scaling T-scores (50 is every goal met as expected): "
                    + zip(dates, scores).map { "\($0.0) \(String(format: "%.1f", $0.1))" }.joined(separator: ", "),
                values: scores, labels: dates, titles: zip(dates, scores).map { "\($0.0): \(String(format: "%.1f", $0.1))" }, min: 20, max: 80,
                bands: [(20, 50, "severity-2", "Below expectation"), (50, 80, "severity-0", "At or above expectation")], highlight: nil,
                whole: true, format: { String(Int($0)) }
            )
        return ProgressPage.GASPart(
            hasScales: !picture.goalScales.isEmpty,
            scales: picture.goalScales.map { .init(goal: "\($0.goalNumber). \($0.goal)", weight: $0.weight, levels: $0.levels) },
            hasReviews: !picture.goalReviews.isEmpty,
            reviews: picture.goalReviews.map { r in
                .init(
                    date: day(r.review.reviewedAt), tScore: String(format: "%.1f", r.tScore),
                    levels: picture.goalScales.compactMap { s in r.review.ratings[s.id].map { "goal \(s.goalNumber): \(GoalScale.levelLabel($0))" } }
                        .joined(separator: ", ")
                )
            },
            chart: chart, canRecord: canRecord,
            scaleAction: SiteURL.goalScales(e.id).path,
            scaleItems: [
                .choices(
                    .radio(
                        "goal", "Goal", options: unscaled.map { (String($0.offset + 1), "\($0.offset + 1). \($0.element)") },
                        selected: values["goal"], errors: errors))
            ]
                + GoalScale.levelRange.enumerated().map { i, level in
                    .field(
                        FormField(
                            "level\(i)", "Level \(GoalScale.levelLabel(level))", value: values["level\(i)"], errors: errors,
                            hint: level == 0 ? "The expected outcome, in the client's words." : nil, required: true,
                            maxLength: GoalScale.maximumLevelText))
                } + [.field(FormField("weight", "Weight, 1 to 4", type: "number", value: values["weight"] ?? "1", errors: errors, required: true))],
            canScale: canRecord && !unscaled.isEmpty,
            reviewAction: SiteURL.goalReviews(e.id).path,
            reviewItems: picture.goalScales.map { s in
                .choices(
                    .radio(
                        "rating-\(s.id)", "\(s.goalNumber). \(s.goal)",
                        options: GoalScale.levelRange.map { (String($0), "\(GoalScale.levelLabel($0)): \(s.levels[$0 + 2])") },
                        selected: values["rating-\(s.id)"],
                        errors: errors.map { $0.field == "ratings" ? FieldError(field: "rating-\(s.id)", message: $0.message) : $0 }
                    ))
            },
            errorSummary: ErrorSummary(errors, targets: ["ratings": "gas"])
        )
    }
}
