import Foundation
import TandemApp
import TandemCore

/// The practitioner's caseload: every engagement she holds with where it stands, alerts first.
struct CaseloadPage: PageModel {
    static let template = "engagements"
    struct Row: Sendable {
        let base: EngagementRow
        let alerts: Int
        let measure: String
        let change: String
        let changeClass: String
        let trend: String
        /// "How far did we get?": the latest rating and the direction of all of them.
        let howFar: String
        let progressHref: String
    }
    struct Sort: Sendable {
        let href: String
        let label: String
        let current: Bool
    }
    let shell: Shell
    let hasRows: Bool
    let rows: [Row]
    let sorts: [Sort]
}

extension CaseloadPage {
    /// The engagements a practitioner holds with where each stands, alerts first, then in the order asked for
    /// (`client`, `change`: worst reliable change first, `trend`: self-recognition; otherwise open before closed).
    static func make(_ caseload: Caseload, sortedBy sort: String, shell: Shell) -> CaseloadPage {
        let alerts = caseload.openAlerts
        var rows: [(CaseloadPage.Row, EngagementView, ProgressPicture)] = []
        for (view, picture) in caseload.entries.map({ ($0.view, $0.picture) }) {
            let latest = picture.series.compactMap { s in s.latest.map { (s.instrument, $0) } }.max {
                $0.1.administration.administeredAt < $1.1.administration.administeredAt
            }
            rows.append(
                (
                    CaseloadPage.Row(
                        base: .init(view), alerts: alerts[view.engagement.id] ?? 0,
                        measure: latest.map { "\($0.0.shortName) \($0.1.administration.total): \($0.1.administration.band)" } ?? "—",
                        change: latest.map { $0.1.reliableChange?.label ?? "Baseline" } ?? "—",
                        changeClass: latest?.1.reliableChange?.rawValue ?? "none",
                        trend: ProgressPicture.trendLabel(picture.selfRecognitionChange),
                        howFar: picture.howFarRatings.last.map { "\($0) of 10" + (picture.howFarTrend.map { ", \($0.label.lowercased())" } ?? "") }
                            ?? "—",
                        progressHref: SiteURL.progress(view.engagement.id).path
                    ), view, picture
                ))
        }
        rows.sort { a, b in
            // Alerts first, whatever the sort; then the chosen order.
            if (a.0.alerts > 0) != (b.0.alerts > 0) { return a.0.alerts > 0 }
            switch sort {
            case "client": return a.1.item.clientName.localizedCaseInsensitiveCompare(b.1.item.clientName) == .orderedAscending
            case "trend": return (a.2.selfRecognitionTrend ?? -.infinity) > (b.2.selfRecognitionTrend ?? -.infinity)
            case "change":
                func rank(_ p: ProgressPicture) -> Int {
                    switch p.series.compactMap(\.latest?.reliableChange).last {
                    case .deteriorated: 0
                    case .noChange: 1
                    case .improved: 2
                    case nil: 3
                    }
                }
                return rank(a.2) < rank(b.2)
            default:
                return a.0.alerts > b.0.alerts || (a.0.alerts == b.0.alerts && a.1.engagement.status == .open && b.1.engagement.status != .open)
            }
        }
        return CaseloadPage(
            shell: shell,
            hasRows: !rows.isEmpty, rows: rows.map(\.0),
            sorts: [
                ("alerts", "Alerts first"), ("client", "Client"), ("change", "Reliable change (worst first)"),
                ("trend", "Self-recognition trend"),
            ].map {
                CaseloadPage.Sort(href: SiteURL.engagements.path + "?sort=\($0.0)", label: $0.1, current: $0.0 == sort)
            }
        )
    }
}
