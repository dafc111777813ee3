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
