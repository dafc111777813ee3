import Foundation
import TandemApp
import TandemCore

struct ScreeningResultPage: PageModel {
    static let template = "screening"
    struct Answer: Sendable {
        let label: String
        let value: String
    }
    let shell: Shell
    let engagementHref: String
    let engagementLabel: String
    let heading: String
    let result: String
    let resultClass: String
    let reasons: [String]
    let safetyFlagged: Bool
    let overrideNote: String?
    let answers: [Answer]
    let canOverride: Bool
    let overrideAction: String
    let errorSummary: ErrorSummary?
    let overrideItems: [FormItem]
}
