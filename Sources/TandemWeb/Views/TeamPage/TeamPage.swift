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
    }
    let shell: Shell
    let members: [Member]
    let errorSummary: ErrorSummary?
    let fields: [FormField]
}
