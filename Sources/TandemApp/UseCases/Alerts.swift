import Foundation
import TandemCore
import TandemStore

/// An alert with the engagement it is about, as the alerts page lists it.
public struct AlertEntry: Sendable {
    public let alert: Alert
    public let engagement: EngagementListItem?
}

/// Alerts for a practitioner (a risk answer, a boundary incident): listed, counted, and marked resolved by her.
public struct Alerts: Sendable {
    let app: App

    /// The actor's open alerts, newest first.
    public func open(for actor: Account) async throws -> [Alert] {
        try await self.app.database.reading { tx in try await AlertStore.open(for: actor.id, on: tx) }
    }

    /// The actor's open alerts with the engagement each is about.
    public func entries(for actor: Account) async throws -> [AlertEntry] {
        try await self.app.database.reading { tx in
            var entries: [AlertEntry] = []
            for alert in try await AlertStore.open(for: actor.id, on: tx) {
                var item: EngagementListItem?
                if let id = alert.engagementID { item = try await EngagementStore.find(id, on: tx) }
                entries.append(AlertEntry(alert: alert, engagement: item))
            }
            return entries
        }
    }

    /// How many open alerts the actor has (the navigation shows it).
    public func openCount(for actor: Account) async throws -> Int {
        try await self.app.database.reading { tx in try await AlertStore.openCount(for: actor.id, on: tx) }
    }

    /// Marks one of the actor's open alerts resolved; not-found for anyone else's, or one already resolved.
    public func resolve(_ id: Alert.ID, by actor: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            guard try await AlertStore.resolve(id, by: actor.id, at: now, on: tx) else {
                throw TandemError.notFound("The alert")
            }
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .alertResolved, entityType: "alert", entityID: id.description), on: tx)
        }
    }
}
