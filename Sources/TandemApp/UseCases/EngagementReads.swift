import Foundation
import TandemCore
import TandemStore

/// An engagement with what every view of it needs: the names, the screening that decides coaching, and the state.
public struct EngagementView: Sendable {
    public let item: EngagementListItem
    public let latest: Screening?
    public let access: EngagementAccess
    /// Completed sessions since the latest screening (for the re-screen rule).
    public let sessionsSinceScreening: Int
    /// Today on the app's clock, for the 90-day re-screen rule.
    public let today: LocalDate

    public var engagement: Engagement { self.item.engagement }
    public var coaching: CoachingState { CoachingState.of(self.item.engagement, latest: self.latest) }
    public var rescreenDue: Bool {
        guard let latest, self.engagement.status == .open else { return false }
        return Rescreen.isDue(lastScreenedOn: LocalDate(latest.screenedAt), today: self.today, sessionsSince: self.sessionsSinceScreening)
    }

    /// The view of an engagement already found and checked: its latest screening and the sessions completed since.
    static func of(_ item: EngagementListItem, access: EngagementAccess, at now: Date, on tx: Transaction) async throws -> EngagementView {
        let latest = try await ScreeningStore.latestWithSessionsSince(of: item.engagement.id, on: tx)
        return EngagementView(
            item: item, latest: latest?.screening, access: access, sessionsSinceScreening: latest?.sessionsSince ?? 0, today: LocalDate(now))
    }
}

/// The boundary records of an engagement with their addenda, oldest addendum first.
public struct BoundaryRecords: Sendable {
    public let crossings: [BoundaryCrossing]
    public let incidents: [BoundaryIncident]
    public let addenda: [UUID: [BoundaryAddendum]]

    public func addenda(of id: UUID) -> [BoundaryAddendum] { self.addenda[id] ?? [] }

    static func of(_ engagement: Engagement.ID, on tx: Transaction) async throws -> BoundaryRecords {
        BoundaryRecords(
            crossings: try await BoundaryStore.crossings(of: engagement, on: tx),
            incidents: try await BoundaryStore.incidents(of: engagement, on: tx),
            addenda: try await BoundaryStore.addenda(of: engagement, on: tx)
        )
    }
}

/// The portal as the engagement page shows it to the practitioner: the client's account, the invitations, the
/// questionnaire schedules and whether the client sees their progress.
public struct PortalState: Sendable {
    public let account: ClientAccount?
    public let invitations: [Invitation]
    public let schedules: [MeasureSchedule]
    public let shareProgress: Bool
}

/// Everything the engagement page shows, read in one transaction with its one audit event.
public struct EngagementRecord: Sendable {
    public let view: EngagementView
    public let screenings: [Screening]
    public let sessions: [SessionSummary]
    public let boundaries: BoundaryRecords
    public let portal: PortalState
}

/// The engagements a practitioner holds, as her caseload page lists them.
public struct Caseload: Sendable {
    public struct Entry: Sendable {
        public let view: EngagementView
        public let picture: ProgressPicture
    }
    public let entries: [Entry]
    /// Her open alerts, counted per engagement.
    public let openAlerts: [Engagement.ID: Int]
}

/// Reading engagements: access through `EngagementAccess` (the holder writes, the client's practitioner and the owner
/// read, nobody else learns the engagement exists); every read audited, allowed or denied, in its own transaction.
extension Engagements {
    public enum Need: Sendable { case read, write }

    /// The engagement if the actor may see it (and change it, for `.write`); not-found otherwise. Audited.
    public func load(_ id: Engagement.ID, for actor: Account, need: Need) async throws -> EngagementView {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Self.viewed(id, by: actor, need: need, at: now, on: tx)
            return view
        }
    }

    /// An open engagement the actor holds, for a form that changes it. Audited as a view.
    public func loadOpen(_ id: Engagement.ID, for actor: Account) async throws -> EngagementView {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Self.viewed(id, by: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            return view
        }
    }

    /// The engagement page: the view, every screening, the sessions, the boundary records and the portal's state.
    /// The latest screening and the sessions completed since it come from the screening history and the session
    /// list the page shows anyway, not from a query of their own.
    public func record(_ id: Engagement.ID, for actor: Account) async throws -> EngagementRecord {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (item, access) = try await Self.access(id, for: actor, need: .read, at: now, on: tx)
            let id = item.engagement.id
            try await AuditStore.append(.engagement(.engagementViewed, id.description, by: actor.id, at: now), on: tx)
            let screenings = try await ScreeningStore.history(of: id, on: tx)
            let sessions = try await SessionStore.summaries(of: id, on: tx)
            let latest = screenings.first
            let since = latest.map { l in sessions.filter { $0.status == .completed && ($0.startedAt ?? .distantPast) >= l.screenedAt }.count } ?? 0
            let view = EngagementView(item: item, latest: latest, access: access, sessionsSinceScreening: since, today: LocalDate(now))
            return EngagementRecord(
                view: view, screenings: screenings, sessions: sessions, boundaries: try await BoundaryRecords.of(id, on: tx),
                portal: PortalState(
                    account: try await PortalStore.account(ofClient: item.engagement.clientID, on: tx),
                    invitations: try await PortalStore.invitations(of: id, on: tx),
                    schedules: try await PortalStore.schedules(of: id, on: tx), shareProgress: item.shareProgress
                )
            )
        }
    }

    /// The engagement with its boundary records (the API's list of them).
    public func boundaries(_ id: Engagement.ID, for actor: Account) async throws -> (EngagementView, BoundaryRecords) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Self.viewed(id, by: actor, need: .read, at: now, on: tx)
            return (view, try await BoundaryRecords.of(view.engagement.id, on: tx))
        }
    }

    /// Every screening of the engagement, newest first.
    public func screenings(_ id: Engagement.ID, for actor: Account) async throws -> (EngagementView, [Screening]) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Self.viewed(id, by: actor, need: .read, at: now, on: tx)
            return (view, try await ScreeningStore.history(of: view.engagement.id, on: tx))
        }
    }

    /// A screening the actor may see, with its engagement; audited as a screening view.
    public func screening(_ id: Screening.ID, for actor: Account, need: Need) async throws -> (Screening, EngagementView) {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let screening = try await ScreeningStore.find(id, on: tx) else {
                throw TandemError.notFound("The screening")
            }
            let view = try await Self.readable(screening.engagementID, for: actor, need: need, at: now, on: tx)
            try await AuditStore.append(.engagement(.screeningViewed, id.description, type: "screening", by: actor.id, at: now), on: tx)
            return (screening, view)
        }
    }

    /// The client's engagements the actor may see, newest first. Opening the client record is audited as a view.
    public func forClient(_ client: Client.ID, for actor: Account) async throws -> (ClientListItem, [EngagementView]) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let client = try await ClientRecords.readable(client, for: actor, needEdit: false, action: .clientViewed, at: now, on: tx)
            try await AuditStore.append(.client(.clientViewed, client.client.id, by: actor.id, at: now), on: tx)
            var views: [EngagementView] = []
            for item in try await EngagementStore.forClient(client.client.id, on: tx) {
                let access = EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: actor)
                guard access != .hidden else { continue }
                views.append(try await EngagementView.of(item, access: access, at: now, on: tx))
            }
            return (client, views)
        }
    }

    /// The engagements the actor holds (a supervisor: those her supervisees hold, to read), open first, each with
    /// its progress picture and its number of open alerts for her; audited as a list (no clinical detail in the event).
    public func caseload(of actor: Account) async throws -> Caseload {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            var entries: [Caseload.Entry] = []
            let supervising = actor.role == .supervisor
            let items =
                supervising
                ? try await EngagementStore.held(byAnyOf: actor.supervisees, on: tx) : try await EngagementStore.held(by: actor.id, on: tx)
            for item in items {
                let view = try await EngagementView.of(item, access: supervising ? .read : .write, at: now, on: tx)
                entries.append(.init(view: view, picture: try await ProgressPicture.of(view.engagement.id, library: library, on: tx)))
            }
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .engagementListed, entityType: "engagement", detail: "\(entries.count) shown"), on: tx
            )
            let alerts = try await AlertStore.open(for: actor.id, on: tx).compactMap(\.engagementID)
            return Caseload(entries: entries, openAlerts: Dictionary(grouping: alerts, by: { $0 }).mapValues(\.count))
        }
    }

    /// The engagement, read by the actor: `readable`, and its `engagement.view` audit event on the same transaction.
    static func viewed(_ id: Engagement.ID, by actor: Account, need: Need, at now: Date, on tx: Transaction) async throws -> EngagementView {
        let view = try await Self.readable(id, for: actor, need: need, at: now, on: tx)
        try await AuditStore.append(.engagement(.engagementViewed, id.description, by: actor.id, at: now), on: tx)
        return view
    }

    /// The engagement if the actor may see it (and change it, for `.write`). Anyone who may not know it exists gets
    /// not-found, a reader asking to write gets forbidden; both refusals audited (`engagement.view`, denied).
    static func readable(_ id: Engagement.ID, for actor: Account, need: Need, at now: Date, on tx: Transaction) async throws -> EngagementView {
        let (item, access) = try await Self.access(id, for: actor, need: need, at: now, on: tx)
        return try await EngagementView.of(item, access: access, at: now, on: tx)
    }

    /// The engagement and the actor's access to it, refusing as `readable` does.
    static func access(
        _ id: Engagement.ID, for actor: Account, need: Need, at now: Date, on tx: Transaction
    ) async throws -> (EngagementListItem, EngagementAccess) {
        let denied = AuditEvent.engagement(.engagementViewed, id.description, by: actor.id, at: now, outcome: .denied)
        guard let item = try await EngagementStore.find(id, on: tx) else { throw Denial(events: [denied], error: .notFound("The engagement")) }
        let access = EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: actor)
        switch (access, need) {
        case (.hidden, _): throw Denial(events: [denied], error: .notFound("The engagement"))
        case (.read, .write): throw Denial.readOnly(id, holder: item.practitionerName, actor: actor, at: now)
        default: return (item, access)
        }
    }
}
