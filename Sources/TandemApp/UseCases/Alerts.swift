import Foundation
import TandemCore
import TandemStore

/// An alert with the engagement it is about, as the alerts page lists it.
public struct AlertEntry: Sendable {
    public let alert: Alert
    public let engagement: EngagementListItem?
    /// For a safety alert: the risk answers that raised it.
    public let reason: SafetyReason?
}

/// Alerts for a practitioner (a risk answer, a boundary incident): listed, counted, and marked resolved by her.
public struct Alerts: Sendable {
    let app: App

    /// The actor's open alerts, newest first.
    public func open(for actor: Account) async throws -> [Alert] {
        try await self.app.database.reading { tx in try await AlertStore.open(for: actor.id, on: tx) }
    }

    /// The actor's open alerts with the engagement each is about and, for a safety alert, the answers that raised
    /// it (a read of clinical data, audited as such with the list). `engagement` keeps one engagement's only.
    public func entries(for actor: Account, engagement only: Engagement.ID? = nil) async throws -> [AlertEntry] {
        let now = self.app.now
        let library = self.app.instruments
        // Most pages have none: one read, and no transaction of writes, then.
        let open = try await self.app.database.reading { tx in try await AlertStore.open(for: actor.id, on: tx) }
            .filter { only == nil || $0.engagementID == only }
        guard !open.isEmpty else { return [] }
        return try await self.app.unit { tx in
            var entries: [AlertEntry] = []
            // An engagement's questionnaires are read once, however many of its alerts are open.
            var administrations: [Engagement.ID: [Administration]] = [:]
            for alert in open {
                var item: EngagementListItem?
                var reason: SafetyReason?
                if let id = alert.engagementID {
                    item = try await EngagementStore.find(id, on: tx)
                    if let raised = alert.administrationID {
                        if administrations[id] == nil { administrations[id] = try await MeasureStore.forEngagement(id, on: tx) }
                        if let a = administrations[id]?.first(where: { $0.id == raised }), let instrument = library.instrument(a.instrumentID) {
                            reason = SafetyReason(a, instrument: instrument)
                        }
                    }
                }
                entries.append(AlertEntry(alert: alert, engagement: item, reason: reason))
            }
            if entries.contains(where: { $0.reason != nil }) {
                try await AuditStore.append(
                    AuditEvent(at: now, actorID: actor.id, action: .alertsViewed, entityType: "alert", entityID: only?.description ?? "open"), on: tx)
            }
            return entries
        }
    }

    /// How many open alerts the actor has (the navigation shows it).
    public func openCount(for actor: Account) async throws -> Int {
        try await self.app.database.reading { tx in try await AlertStore.openCount(for: actor.id, on: tx) }
    }

    /// Marks one of the actor's open alerts reviewed, with a short note of what was done (required, sealed);
    /// not-found for anyone else's, or one already reviewed.
    public func resolve(_ id: Alert.ID, note: String?, by actor: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            // Whoever may not review it learns nothing of it, whatever the note.
            guard try await AlertStore.open(for: actor.id, on: tx).contains(where: { $0.id == id }) else { throw TandemError.notFound("The alert") }
            let note = try AlertReview.validatedNote(note)
            guard try await AlertStore.resolve(id, by: actor.id, note: note, at: now, on: tx) else {
                throw TandemError.notFound("The alert")
            }
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .alertResolved, entityType: "alert", entityID: id.description), on: tx)
        }
    }
}
