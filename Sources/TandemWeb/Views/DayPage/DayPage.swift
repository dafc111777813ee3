import Foundation
import TandemApp
import TandemCore

struct DayPage: PageModel {
    static let template = "today"
    struct Row: Sendable {
        let time: String
        let href: String
        let client: String
        let role: String
        let length: String
        let status: String
        let statusClass: String
    }
    let shell: Shell
    let heading: String
    let zone: String
    let previousHref: String
    let nextHref: String
    let hasRows: Bool
    let rows: [Row]
    /// The viewer's open alerts, safety first, above the day.
    var safetyAlerts: [AlertCard] = []
}
