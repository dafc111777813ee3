import Foundation
import TandemApp
import TandemCore
import TandemStore

/// An engagement with what every view of it needs: the names, the screening that decides coaching, and the state.
struct EngagementView: Sendable {
    let item: EngagementListItem
    let latest: Screening?
    let access: EngagementAccess
    /// Completed sessions since the latest screening (for the re-screen rule).
    let sessionsSinceScreening: Int
    /// Today on the app's clock, for the 90-day re-screen rule.
    let today: LocalDate

    var engagement: Engagement { self.item.engagement }
    var coaching: CoachingState { CoachingState.of(self.item.engagement, latest: self.latest) }
    var rescreenDue: Bool {
        guard let latest, self.engagement.status == .open else { return false }
        return Rescreen.isDue(lastScreenedOn: LocalDate(latest.screenedAt), today: self.today, sessionsSince: self.sessionsSinceScreening)
    }
}

/// Engagements, screenings and boundary records as the pages and the API use them: every access checked against
/// `EngagementAccess` and audited, allowed or denied; every rule from TandemCore.
struct EngagementService: Sendable {
    let services: AppServices
    var clients: ClientService { ClientService(services: self.services) }
    var now: Date { self.services.now }

    /// Opens an engagement for a client the viewer owns, held by the viewer or by a colleague they name.
    func open(clientID rawClient: String?, draft: EngagementDraft, practitionerID rawPractitioner: String?, by viewer: Account) async throws -> EngagementView {
        let client = try await self.clients.open(rawClient, for: viewer, needEdit: true, action: .engagementOpened)
        guard client.client.status == .active else {
            throw TandemError.conflict(code: "client_discharged", message: "\(client.client.displayName) is discharged. Reopen the client's record before opening an engagement.")
        }
        var holder = viewer
        if let raw = rawPractitioner?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, raw != viewer.id.description {
            guard let id = Account.ID(raw), let colleague = try await self.services.accounts.find(id) else {
                throw TandemError.invalid("practitionerId", "practitionerId must name a practitioner of this practice.")
            }
            holder = colleague
        }
        let (role, contract) = try draft.validated(today: LocalDate(self.now))
        let engagement = try await self.services.engagements.open(
            client: client.client.id, practitioner: holder, role: role, contract: contract, by: viewer.id, at: self.now
        )
        return try await self.load(engagement.id.description, for: viewer, need: .write, audit: false, holderMayDiffer: true)
    }

    enum Need { case read, write }

    /// The engagement if the viewer may see it (and change it, for `.write`); 404 otherwise, audited either way.
    func load(_ raw: String?, for viewer: Account, need: Need, audit: Bool = true, holderMayDiffer: Bool = false) async throws -> EngagementView {
        guard let raw, let id = Engagement.ID(raw) else { throw TandemError.notFound("The engagement") }
        guard let item = try await self.services.engagements.find(id) else {
            try await self.services.audit.record(.engagement(.engagementViewed, id.description, by: viewer.id, at: self.now, outcome: .denied))
            throw TandemError.notFound("The engagement")
        }
        let access = EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: viewer)
        if access == .hidden {
            try await self.services.audit.record(.engagement(.engagementViewed, id.description, by: viewer.id, at: self.now, outcome: .denied))
            throw TandemError.notFound("The engagement")
        }
        if need == .write, access != .write, !holderMayDiffer {
            try await self.services.audit.record(.engagement(.engagementViewed, id.description, by: viewer.id, at: self.now, outcome: .denied))
            throw TandemError.forbidden(EngagementAccess.readOnlyMessage(holder: item.practitionerName))
        }
        if audit { try await self.services.audit.record(.engagement(.engagementViewed, id.description, by: viewer.id, at: self.now)) }
        return try await self.view(item, access: access)
    }

    /// The view of an engagement: its latest screening and the sessions completed since.
    func view(_ item: EngagementListItem, access: EngagementAccess) async throws -> EngagementView {
        let latest = try await self.services.screenings.latestWithSessionsSince(of: item.engagement.id)
        return EngagementView(item: item, latest: latest?.screening, access: access, sessionsSinceScreening: latest?.sessionsSince ?? 0, today: LocalDate(self.now))
    }

    /// Loads for a write that only an open engagement accepts.
    func loadOpen(_ raw: String?, for viewer: Account) async throws -> EngagementView {
        let view = try await self.load(raw, for: viewer, need: .write, audit: false)
        try view.engagement.requireOpen()
        return view
    }

    func screen(_ raw: String?, _ draft: ScreeningDraft, by viewer: Account) async throws -> Screening {
        try await self.services.app.engagements.screen(draft, in: raw, by: viewer)
    }

    /// A screening the viewer may see, with its engagement.
    func screening(_ raw: String?, for viewer: Account, need: Need) async throws -> (Screening, EngagementView) {
        guard let raw, let id = Screening.ID(raw), let screening = try await self.services.screenings.find(id) else {
            throw TandemError.notFound("The screening")
        }
        let view = try await self.load(screening.engagementID.description, for: viewer, need: need, audit: false)
        try await self.services.audit.record(.engagement(.screeningViewed, id.description, type: "screening", by: viewer.id, at: self.now))
        return (screening, view)
    }

    func override(_ raw: String?, result: String?, reason: String?, by viewer: Account) async throws -> Screening {
        try await self.services.app.engagements.override(raw, result: result, reason: reason, by: viewer)
    }

    func recordCrossing(_ raw: String?, date: String?, kind: String?, rationale: String?, clientResponse: String?, consultationSought: Bool, by viewer: Account) async throws -> BoundaryCrossing {
        try await self.services.app.boundaries.recordCrossing(
            date: date, kind: kind, rationale: rationale, clientResponse: clientResponse, consultationSought: consultationSought, in: raw, by: viewer
        )
    }

    func recordIncident(_ raw: String?, date: String?, kind: String?, description: String?, by viewer: Account) async throws -> BoundaryIncident {
        try await self.services.app.boundaries.recordIncident(date: date, kind: kind, description: description, in: raw, by: viewer)
    }

    /// Adds an addendum to a crossing or an incident of an engagement the viewer holds.
    func addAddendum(to subject: BoundarySubject, text: String?, by viewer: Account) async throws -> (BoundaryAddendum, Engagement.ID) {
        try await self.services.app.boundaries.addAddendum(to: subject, text: text, by: viewer)
    }

    func close(_ raw: String?, by viewer: Account) async throws -> EngagementView {
        try await self.services.app.engagements.close(raw, by: viewer)
        return try await self.load(raw, for: viewer, need: .read, audit: false)
    }

    /// The therapist pauses the coaching-edge tools herself, with a reason, until she screens again.
    func pause(_ raw: String?, reason: String?, by viewer: Account) async throws -> EngagementView {
        try await self.services.app.engagements.pause(raw, reason: reason, by: viewer)
        return try await self.load(raw, for: viewer, need: .read, audit: false)
    }
}

/// Reading what an engagement holds.
extension EngagementService {
    /// The client's engagements the viewer may see, newest first. Opening the client record is audited as a view.
    func forClient(_ rawClient: String?, for viewer: Account) async throws -> (ClientListItem, [EngagementView]) {
        let client = try await self.clients.open(rawClient, for: viewer, needEdit: false)
        return (client, try await self.views(of: client.client.id, for: viewer))
    }

    /// The client's engagements the viewer may see, newest first, for a client record already opened.
    func views(of client: Client.ID, for viewer: Account) async throws -> [EngagementView] {
        var views: [EngagementView] = []
        for item in try await self.services.engagements.forClient(client) {
            let access = EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: viewer)
            guard access != .hidden else { continue }
            views.append(try await self.view(item, access: access))
        }
        return views
    }

    /// The engagements the viewer holds, open first; audited as a list (no clinical detail in the event).
    func held(by viewer: Account) async throws -> [EngagementView] {
        var views: [EngagementView] = []
        for item in try await self.services.engagements.held(by: viewer.id) {
            views.append(try await self.view(item, access: .write))
        }
        try await self.services.audit.record(
            AuditEvent(at: self.now, actorID: viewer.id, action: .engagementListed, entityType: "engagement", detail: "\(views.count) shown")
        )
        return views
    }

    /// Every screening of the engagement, newest first.
    func screenings(_ raw: String?, for viewer: Account) async throws -> (EngagementView, [Screening]) {
        let view = try await self.load(raw, for: viewer, need: .read)
        return (view, try await self.services.screenings.history(of: view.engagement.id))
    }

    /// The boundary records of an engagement with their addenda, oldest addendum first.
    struct BoundaryRecords: Sendable {
        let crossings: [BoundaryCrossing]
        let incidents: [BoundaryIncident]
        let addenda: [UUID: [BoundaryAddendum]]

        func addenda(of id: UUID) -> [BoundaryAddendum] { self.addenda[id] ?? [] }
    }

    func boundaries(of view: EngagementView) async throws -> BoundaryRecords {
        let id = view.engagement.id
        return BoundaryRecords(
            crossings: try await self.services.boundaries.crossings(of: id),
            incidents: try await self.services.boundaries.incidents(of: id),
            addenda: try await self.services.boundaries.addenda(of: id)
        )
    }
}
