import Foundation
import TandemApp
import TandemCore

struct SignInPage: PageModel {
    static let template = "signin"
    let shell: Shell
    let message: String?
    let next: String
    let fields: [FormField]
}
