import Foundation

/// The one step an irreversible action asks first (ending a session, cancelling it, a no-show, discharging a
/// client, closing an engagement): what it does, what is missing, and a button apart from Save. Without JavaScript
/// too: the form posts again with `confirmed=yes`.
struct ConfirmPage: PageModel {
    static let template = "confirm"
    let shell: Shell
    let heading: String
    let consequence: String
    let warnings: [String]
    let action: String
    let confirmLabel: String
    let backHref: String
    let backLabel: String

    /// Whether a form's post is the confirmed one.
    static func isConfirmed(_ form: FormData) -> Bool { form["confirmed"] == "yes" }
}
