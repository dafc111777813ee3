import Foundation
import TandemCore

/// Her private psychotherapy note on one session: its own page, so it is never part of the session page, the
/// progress note or anything printed or exported.
struct PsychotherapyNotePage: PageModel {
    static let template = "psychotherapy-note"
    let shell: Shell
    let heading: String
    let sessionHref: String
    let updated: String?
    let action: String?
    let field: FormField?
    let errorSummary: ErrorSummary?
}
