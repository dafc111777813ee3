import Foundation
import TandemApp
import TandemCore

struct SetupPage: PageModel {
    static let template = "setup"
    let shell: Shell
    let errorSummary: ErrorSummary?
    let practiceFields: [FormField]
    let ownerFields: [FormField]
}
