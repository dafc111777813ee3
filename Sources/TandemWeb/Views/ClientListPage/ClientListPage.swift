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

extension ClientListPage {
    /// One page of the client list as searched and filtered, with the link to the next page.
    static func make(
        _ page: ClientPage, for account: Account, query: String, statusParam: String, status: ClientStatus?, shell: Shell
    ) -> ClientListPage {
        let owner = account.role == .owner
        let nextHref = page.nextCursor.map { cursor -> String in
            var components = URLComponents()
            components.path = SiteURL.clients.path
            components.queryItems = [
                .init(name: "q", value: query), .init(name: "status", value: statusParam), .init(name: "after", value: cursor.text),
            ]
            return components.string ?? SiteURL.clients.path
        }
        let selected = status?.rawValue ?? "all"
        return ClientListPage(
            shell: shell,
            canAdd: true,
            readOnlyNote: owner ? "As the owner you see every client of the practice. Other practitioners' records are read-only to you." : nil,
            query: query,
            statusOptions: [("active", "Active"), ("discharged", "Discharged"), ("all", "All")].map {
                .init(value: $0.0, label: $0.1, selected: $0.0 == selected)
            },
            showPractitioner: owner,
            hasRows: !page.items.isEmpty,
            rows: page.items.map { item in
                .init(
                    href: SiteURL.client(item.client.id).path, name: item.client.displayName, practitioner: item.practitionerName,
                    status: item.client.status.label, statusClass: item.client.status.rawValue,
                    added: Formats.shortDate(Formats.day(item.client.createdAt, in: account.sessionDefaults.zone))
                )
            },
            emptyMessage: query.isEmpty ? "No clients here yet." : "No client's name contains “\(query)”.",
            nextHref: nextHref
        )
    }
}
