import Foundation
import TandemApp
import TandemCore

/// One engagement in a list: on a client's record and, with its measures, on the caseload.
struct EngagementRow: Sendable {
    let href: String
    let client: String
    let role: String
    let practitioner: String
    let status: String
    let statusClass: String
    let coaching: String
    let coachingClass: String
    let started: String
}

extension EngagementRow {
    init(_ view: EngagementView) {
        self.href = SiteURL.engagement(view.engagement.id).path
        self.client = view.item.clientName
        self.role = view.engagement.role.label
        self.practitioner = view.item.practitionerName
        self.status = view.engagement.status == .open ? "Open" : "Closed"
        self.statusClass = view.engagement.status == .open ? "active" : "discharged"
        self.coaching = EngagementPage.label(of: view.coaching)
        self.coachingClass = view.coaching.code
        self.started = Formats.shortDate(view.engagement.contract.startDate)
    }
}
