import Foundation
import TandemApp
import TandemCore

struct TeamPage: PageModel {
    static let template = "team"
    struct Member: Sendable {
        let name: String
        let email: String
        let role: String
        let licence: String
        /// Whether two-step sign-in is on for the account.
        let secondFactor: String
    }
    let shell: Shell
    let members: [Member]
    /// Whether the practice requires two-step sign-in of everyone.
    let secondFactorRequired: Bool
    let crisisField: FormField
    let consentField: FormField
    let errorSummary: ErrorSummary?
    let fields: [FormField]
}
