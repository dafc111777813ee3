import Foundation
import TandemCore
import TandemStore

/// Engagement access as the use cases check it, on their transaction.
enum Engagements {
    /// An engagement the actor holds (and so may write). Anyone who may not know it exists gets not-found, a reader
    /// gets forbidden; both refusals are audited (`engagement.view`, denied).
    static func writable(_ raw: String?, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementListItem {
        guard let raw, let id = Engagement.ID(raw) else { throw TandemError.notFound("The engagement") }
        let denied = AuditEvent.engagement(.engagementViewed, id.description, by: actor.id, at: now, outcome: .denied)
        guard let item = try await EngagementStore.find(id, on: tx) else { throw Denial(events: [denied], error: .notFound("The engagement")) }
        switch EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: actor) {
        case .hidden: throw Denial(events: [denied], error: .notFound("The engagement"))
        case .read: throw Denial(events: [denied], error: .forbidden(EngagementAccess.readOnlyMessage(holder: item.practitionerName)))
        case .write: return item
        }
    }
}
