import Foundation
import TandemApp
import TandemCore

struct ClientListPage: PageModel {
    static let template = "clients"
    struct Row: Sendable {
        let href: String
        let name: String
        let practitioner: String
        let status: String
        let statusClass: String
        let added: String
    }
    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }
    let shell: Shell
    let canAdd: Bool
    let readOnlyNote: String?
    let query: String
    let statusOptions: [Option]
    let showPractitioner: Bool
    let hasRows: Bool
    let rows: [Row]
    let emptyMessage: String
    let nextHref: String?
}
