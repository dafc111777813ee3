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
    /// The audit chain as last verified.
    struct Chain: Sendable {
        let state: String
        let stateClass: String
        let detail: String
        let verifyHref: String
        /// Never verified: the page names the command too.
        let never: Bool

        init(_ verification: AuditVerification?, verifyHref: String, zone: TimeZone) {
            self.verifyHref = verifyHref
            self.never = verification == nil
            guard let verification else {
                self.state = "Not verified yet"
                self.stateClass = "pending"
                self.detail = "The chain has not been walked since it began. Verify it now, or on the server run"
                return
            }
            let when = Formats.dateTime(verification.verifiedAt, in: zone)
            if let problem = verification.problem {
                self.state = "Broken"
                self.stateClass = "denied"
                self.detail = "Verified \(when): \(problem)."
            } else {
                self.state = "Intact"
                self.stateClass = "allowed"
                self.detail = "Verified \(when): \(verification.checked) events, each chained to the one before."
            }
        }
    }
    let shell: Shell
    let chain: Chain
    let rows: [Row]
    let nextHref: String?
}
