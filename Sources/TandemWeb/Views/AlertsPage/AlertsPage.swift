import Foundation
import TandemApp
import TandemCore

struct AlertsPage: PageModel {
    static let template = "alerts"
    struct Row: Sendable {
        let kind: String
        let kindClass: String
        let raised: String
        let client: String
        let engagementLabel: String
        let engagementHref: String?
        let practitioner: String
        let resolveHref: String
    }
    let shell: Shell
    let hasAlerts: Bool
    let alerts: [Row]
}
