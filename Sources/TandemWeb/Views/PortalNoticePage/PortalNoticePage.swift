import Foundation
import TandemApp
import TandemCore

struct PortalNoticePage: PageModel {
    static let template = "portal-form"
    let shell: Shell
    let heading: String
    let lede: String?
    let note: String?
    let action: String?
    let submitLabel: String
    let errorSummary: ErrorSummary?
    let items: [FormItem]
    let backHref: String?
}
