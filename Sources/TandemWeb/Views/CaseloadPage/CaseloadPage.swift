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
