import Foundation
import TandemApp
import TandemCore
import TandemStore

/// Everything a client sees of their own engagement. Nothing else is reachable: every id a client sends is checked
/// against their own engagement, and anything else answers not-found.
struct PortalView: Sendable {
    struct PastSession: Sendable {
        let session: Session
        let takeaways: [Takeaway]
    }
    let account: ClientAccount
    let item: EngagementListItem
    let zone: TimeZone
    let upcoming: [Session]
    let past: [PastSession]
    /// Action steps not yet reviewed in a session, with the client's own tick.
    let openSteps: [(ActionStep, ClientCheck?)]
    let intentions: [Session.ID: String]
    /// Instruments due before the next session and not yet answered for it.
    let dueMeasures: [Instrument]
    let shareProgress: Bool
}

struct PortalService: Sendable {
    let services: AppServices
    var now: Date { self.services.now }

    // MARK: Invitations (practitioner side)

    /// Creates an invitation for an engagement the practitioner holds; answers the link, shown once.
    func invite(_ rawEngagement: String?, baseURL: String, by viewer: Account) async throws -> (url: String, expiresAt: Date, message: String) {
        let view = try await EngagementService(services: self.services).loadOpen(rawEngagement, for: viewer)
        if try await self.services.portal.account(ofClient: view.engagement.clientID) != nil {
            throw TandemError.conflict(code: "portal_account_exists", message: "\(view.item.clientName) already has a portal account.")
        }
        let token = Secrets.randomToken()
        let invitation = Invitation(
            id: .init(), engagementID: view.engagement.id, createdBy: viewer.id, createdAt: self.now, expiresAt: self.now.addingTimeInterval(Invitation.validity),
            usedAt: nil, revokedAt: nil
        )
        try await self.services.portal.invite(invitation, tokenHash: Secrets.digest(token))
        let url = baseURL + "/portal/invitations/" + token
        return (url, invitation.expiresAt, try await self.services.invitationDelivery.deliver(url: url, expiresAt: invitation.expiresAt))
    }

    func revoke(_ rawInvitation: String?, by viewer: Account) async throws -> Engagement.ID {
        guard let raw = rawInvitation, let id = Invitation.ID(raw), let invitation = try await self.services.portal.invitation(id) else {
            throw TandemError.notFound("The invitation")
        }
        _ = try await EngagementService(services: self.services).load(invitation.engagementID.description, for: viewer, need: .write, audit: false)
        try await self.services.portal.revoke(id, by: viewer.id, at: self.now)
        return invitation.engagementID
    }

    // MARK: The client's side

    /// The invitation behind a link, if it can still be used (else a plain refusal).
    func invitation(token: String?) async throws -> (Invitation, EngagementListItem) {
        guard let token, !token.isEmpty, let invitation = try await self.services.portal.invitation(tokenHash: Secrets.digest(token)),
            let item = try await self.services.engagements.find(invitation.engagementID)
        else { throw TandemError.notFound("The invitation") }
        try invitation.check(at: self.now)
        return (invitation, item)
    }

    func accept(token: String?, email: String?, password: String?) async throws -> ClientAccount {
        let (invitation, item) = try await self.invitation(token: token)
        let (email, password) = try ClientSignUp.validated(email: email, password: password)
        let account = ClientAccount(id: .init(), clientID: item.engagement.clientID, engagementID: invitation.engagementID, email: email, createdAt: self.now)
        let hash = try await self.services.passwords.hash(password)
        try await self.services.portal.accept(tokenHash: Secrets.digest(token ?? ""), account: account, passwordHash: hash, at: self.now)
        return account
    }

    /// The client's engagement as the portal shows it; reading it is audited.
    func view(for account: ClientAccount, audit: Bool = true) async throws -> PortalView {
        guard let item = try await self.services.engagements.find(account.engagementID) else { throw TandemError.notFound("Your engagement") }
        let practitioner = try await self.services.accounts.find(item.engagement.practitionerID)
        let sessions = try await self.services.sessions.forEngagement(item.engagement.id).map(\.session)
        var past: [PortalView.PastSession] = []
        for s in sessions where s.status == .completed {
            past.append(.init(session: s, takeaways: try await self.services.live.takeaways(of: s.id)))
        }
        let checks = try await self.services.portal.clientChecks(of: item.engagement.id)
        var steps: [(ActionStep, ClientCheck?)] = []
        for s in sessions where s.status == .completed {
            for step in try await self.services.live.actionSteps(agreedIn: s.id) where step.review == nil {
                steps.append((step, checks[step.id]))
            }
        }
        let upcoming = sessions.filter { $0.status == .scheduled && $0.scheduledAt > self.now.addingTimeInterval(-3600) }
        let due = try await self.dueMeasures(item.engagement.id, sessions: sessions)
        if audit {
            try await self.services.audit.record(
                AuditEvent(at: self.now, actorID: nil, action: .portalViewed, entityType: "engagement", entityID: item.engagement.id.description, detail: "client \(account.id)")
            )
        }
        return PortalView(
            account: account, item: item, zone: practitioner?.sessionDefaults.zone ?? TimeZone(identifier: "UTC")!, upcoming: upcoming, past: past.reversed(),
            openSteps: steps, intentions: try await self.services.portal.intentions(of: item.engagement.id), dueMeasures: due,
            shareProgress: try await self.services.portal.shareProgress(item.engagement.id)
        )
    }

    /// The instruments scheduled before the next session (numbered among the engagement's sessions that were not
    /// cancelled) and not yet answered since the last session ended.
    func dueMeasures(_ engagement: Engagement.ID, sessions: [Session]) async throws -> [Instrument] {
        let counted = sessions.filter { $0.status != .cancelled }
        guard let nextIndex = counted.firstIndex(where: { $0.status == .scheduled }) else { return [] }
        let since = counted[..<nextIndex].compactMap(\.endedAt).max() ?? .distantPast
        let answered = Set(try await self.services.measures.forEngagement(engagement).filter { $0.recordedAt >= since }.map(\.instrumentID))
        return try await self.services.portal.schedules(of: engagement)
            .filter { $0.isDue(beforeSession: nextIndex + 1) && !answered.contains($0.instrumentID) }
            .compactMap { self.services.instruments.instrument($0.instrumentID) }
    }

    /// Ticks one of the client's own open action steps.
    func check(_ rawStep: String?, status: String?, note: String?, by account: ClientAccount) async throws -> ActionStep {
        guard let raw = rawStep, let id = ActionStep.ID(raw), let step = try await self.services.live.actionStep(id),
            step.engagementID == account.engagementID
        else { throw TandemError.notFound("The action step") }
        guard step.review == nil else {
            throw TandemError.conflict(code: "step_reviewed", message: "This step was already reviewed with your practitioner in a session.")
        }
        try await self.services.portal.check(id, try ClientCheck.validated(status: status, note: note, at: self.now), by: account.id)
        return step
    }

    /// The client's answer to "Where do you want to go today?" for one of their upcoming sessions.
    func intend(_ rawSession: String?, text: String?, by account: ClientAccount) async throws -> Session {
        guard let raw = rawSession, let id = Session.ID(raw), let item = try await self.services.sessions.find(id), item.session.engagementID == account.engagementID else {
            throw TandemError.notFound("The session")
        }
        guard item.session.status == .scheduled else {
            throw TandemError.conflict(code: "session_not_scheduled", message: "This session has already started or ended.")
        }
        try await self.services.portal.setIntention(id, try Intention.validated(text), by: account.id, at: self.now)
        return item.session
    }

    /// A questionnaire the practitioner assigned, answered in the portal. A risk answer pauses coaching and alerts
    /// the practitioner exactly as in session.
    /// The questionnaire named, if it is assigned to the client now; not-found otherwise.
    func assigned(_ rawInstrument: String?, for account: ClientAccount) async throws -> Instrument {
        let sessions = try await self.services.sessions.forEngagement(account.engagementID).map(\.session)
        guard let instrument = try await self.dueMeasures(account.engagementID, sessions: sessions).first(where: { $0.id == rawInstrument }) else {
            throw TandemError.notFound("That questionnaire (it is not assigned to you now)")
        }
        return instrument
    }

    func answer(_ instrument: Instrument, answers: [Int?], by account: ClientAccount) async throws -> MeasureResult {
        try await self.services.app.questionnaires.answer(instrument, answers: answers, by: account)
    }
}
