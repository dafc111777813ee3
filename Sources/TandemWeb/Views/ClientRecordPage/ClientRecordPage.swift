import Foundation
import TandemApp
import TandemCore

struct ClientRecordPage: PageModel {
    static let template = "client"
    let shell: Shell
    let name: String
    let status: String
    let statusClass: String
    let readOnlyNote: String?
    let email: String
    let phone: String
    let dateOfBirth: String
    let practitioner: String
    let added: String
    let updated: String
    let canEdit: Bool
    let isActive: Bool
    let editHref: String
    let dischargeHref: String
    let reopenHref: String
    let hasEngagements: Bool
    let engagements: [EngagementRow]
    let newEngagementHref: String?
}

extension ClientRecordPage {
    /// A client's record as the viewer may act on it, with the engagements she may see.
    static func make(_ item: ClientListItem, engagements: [EngagementView], for account: Account, shell: Shell) -> ClientRecordPage {
        let client = item.client
        let access = ClientAccess.of(client, for: account)
        return ClientRecordPage(
            shell: shell,
            name: client.displayName,
            status: client.status.label,
            statusClass: client.status.rawValue,
            readOnlyNote: access.canEdit ? nil : ClientAccess.readOnlyMessage,
            email: client.email ?? "—",
            phone: client.phone ?? "—",
            dateOfBirth: client.dateOfBirth.map(Formats.shortDate) ?? "—",
            practitioner: item.practitionerName,
            added: Formats.dateTime(client.createdAt, in: account.sessionDefaults.zone),
            updated: Formats.dateTime(client.updatedAt, in: account.sessionDefaults.zone),
            canEdit: access.canEdit,
            isActive: client.status == .active,
            editHref: SiteURL.editClient(client.id).path,
            dischargeHref: SiteURL.dischargeClient(client.id).path,
            reopenHref: SiteURL.reopenClient(client.id).path,
            hasEngagements: !engagements.isEmpty,
            engagements: engagements.map(EngagementRow.init),
            newEngagementHref: access.canEdit && client.status == .active ? SiteURL.newEngagement(client.id).path : nil
        )
    }
}
