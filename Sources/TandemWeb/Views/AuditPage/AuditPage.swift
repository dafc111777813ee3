import Foundation
import TandemApp
import TandemCore

struct AuditPage: PageModel {
    static let template = "audit"
    struct Row: Sendable {
        let at: String
        let who: String
        let action: String
        let record: String
        let outcome: String
        let outcomeClass: String
    }
    let shell: Shell
    let rows: [Row]
    let nextHref: String?
}
