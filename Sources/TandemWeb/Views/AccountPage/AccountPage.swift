import Foundation
import TandemApp
import TandemCore

struct AccountPage: PageModel {
    static let template = "account"
    struct Token: Sendable {
        let name: String
        let created: String
        let lastUsed: String
        let state: String
        let revokeHref: String?
    }
    let shell: Shell
    let name: String
    let email: String
    let role: String
    let licence: String
    let ethicsCode: String
    let coachingCredential: String
    let profileAction: String
    let profileFields: [FormField]
    let defaultsAction: String
    let defaultsFields: [FormField]
    let newToken: String?
    let hasTokens: Bool
    let tokens: [Token]
    let tokenFields: [FormField]
    let errorSummary: ErrorSummary?
    let passwordFields: [FormField]
}
