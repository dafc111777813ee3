import Foundation
import TandemApp
import TandemCore

struct QuestionLibraryPage: PageModel {
    static let template = "questions"
    struct Row: Sendable {
        let phase: String
        let purpose: String
        let text: String
        let own: Bool
    }
    let shell: Shell
    let query: String
    let hasRows: Bool
    let rows: [Row]
    let action: String
    let errorSummary: ErrorSummary?
    let items: [FormItem]
}
