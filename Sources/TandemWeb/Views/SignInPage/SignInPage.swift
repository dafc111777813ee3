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

/// The sign-in's second step: a code from the authenticator app, or a recovery code.
struct SignInCodePage: PageModel {
    static let template = "signin-code"
    let shell: Shell
    let message: String?
    /// The first step has run out: the way back to it.
    let restart: Bool
    let next: String
}
