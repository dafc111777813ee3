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
    /// Each supervisor with the clinicians she may supervise, ticked where she does.
    struct Supervisor: Sendable {
        let id: String
        let name: String
        let choices: ChoiceField
    }
    let supervisors: [Supervisor]
    let errorSummary: ErrorSummary?
    let roleChoice: ChoiceField
    let fields: [FormField]

    /// The checkbox group of one supervisor, and its box for one practitioner (`supervises-S-P`).
    static func superviseeField(_ supervisor: Account.ID) -> String { "supervises-\(supervisor)" }
    static func superviseeField(_ supervisor: Account.ID, _ practitioner: Account.ID) -> String {
        "\(Self.superviseeField(supervisor))-\(practitioner)"
    }
}
