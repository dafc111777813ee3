import Foundation
import TandemCore
import TandemStore

/// Boundary crossings and incidents (docs/MODEL.md §8), in an engagement the actor holds. Both are permanent and
/// corrected by addenda. An incident marks the engagement for review and alerts every owner, in its transaction.
public struct Boundaries: Sendable {
    let app: App

    public func recordCrossing(
        date: String?, kind: String?, rationale: String?, clientResponse: String?, consultationSought: Bool, in engagement: Engagement.ID,
        by actor: Account
    ) async throws -> BoundaryCrossing {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Engagements.writable(engagement, for: actor, at: now, on: tx)
            let (day, kind, rationale, response) = try BoundaryRules.crossing(
                date: date, kind: kind, rationale: rationale, clientResponse: clientResponse, today: LocalDate(now)
            )
            let crossing = BoundaryCrossing(
                id: .init(), engagementID: item.engagement.id, date: day, kind: kind, rationale: rationale, clientResponse: response,
                consultationSought: consultationSought, recordedBy: actor.id, recordedAt: now
            )
            try await BoundaryStore.insert(crossing, on: tx)
            try await AuditStore.append(
                .engagement(.crossingRecorded, crossing.id.description, type: "boundary-crossing", by: actor.id, at: now), on: tx)
            return crossing
        }
    }

    public func recordIncident(date: String?, kind: String?, description: String?, in engagement: Engagement.ID, by actor: Account) async throws
        -> BoundaryIncident
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Engagements.writable(engagement, for: actor, at: now, on: tx)
            let (day, kind, description) = try BoundaryRules.incident(date: date, kind: kind, description: description, today: LocalDate(now))
            let incident = BoundaryIncident(
                id: .init(), engagementID: item.engagement.id, date: day, kind: kind, description: description, recordedBy: actor.id, recordedAt: now
            )
            try await BoundaryStore.insert(incident, on: tx)
            try await EngagementStore.markForReview(item.engagement.id, on: tx)
            for owner in try await AccountStore.owners(on: tx) {
                try await AlertStore.insert(
                    Alert(
                        id: .init(), recipientID: owner.id, kind: .boundaryIncident, engagementID: item.engagement.id, createdAt: now, resolvedAt: nil
                    ), on: tx
                )
            }
            try await AuditStore.append(
                .engagement(.incidentRecorded, incident.id.description, type: "boundary-incident", by: actor.id, at: now), on: tx)
            return incident
        }
    }

    /// Adds an addendum to a crossing or an incident of an engagement the actor holds.
    public func addAddendum(to subject: BoundarySubject, text: String?, by actor: Account) async throws -> (BoundaryAddendum, Engagement.ID) {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let engagementID = try await BoundaryStore.engagement(of: subject, on: tx) else {
                switch subject {
                case .crossing: throw TandemError.notFound("The boundary crossing")
                case .incident: throw TandemError.notFound("The boundary incident")
                }
            }
            _ = try await Engagements.writable(engagementID, for: actor, at: now, on: tx)
            let addendum = BoundaryAddendum(id: .init(), text: try BoundaryRules.addendum(text), recordedBy: actor.id, recordedAt: now)
            try await BoundaryStore.insert(addendum, to: subject, on: tx)
            try await AuditStore.append(
                .engagement(.addendumRecorded, addendum.id.description, type: "boundary-addendum", by: actor.id, at: now), on: tx)
            return (addendum, engagementID)
        }
    }
}
