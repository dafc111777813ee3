import Foundation
import TandemApp
import TandemCore

struct InvitationPage: PageModel {
    static let template = "invitation"
    let shell: Shell
    let engagementHref: String
    let clientName: String
    let url: String
    let expires: String
    let message: String
}
