import Foundation
import TandemApp
import TandemCore
import TandemStore

/// A session with its engagement, as every view of it needs.
struct SessionContext: Sendable {
    let item: SessionListItem
    let engagement: EngagementView

    var session: Session { self.item.session }
    var canRecord: Bool { self.engagement.access == .write }
}

/// Everything recorded in and about one session.
struct SessionRecord: Sendable {
    let context: SessionContext
    let markers: [Marker]
    let redirects: [Redirect]
    let questionsAsked: [(QuestionAsked, Question)]
    let takeaways: [Takeaway]
    let actionSteps: [ActionStep]
    let actionStepsToReview: [ActionStep]
    let addenda: [SessionAddendum]
    /// The client's answer in the portal before this session, and their ticks of action steps.
    let clientIntention: String?
    let clientChecks: [ActionStep.ID: ClientCheck]
}

/// Sessions and their live records as the pages and the API use them: access through the engagement (the holder
/// records, the client's practitioner and the owner read, nobody else learns it exists), every rule from TandemCore,
/// every read and write audited.
struct SessionService: Sendable {
    let services: AppServices
    var engagements: EngagementService { EngagementService(services: self.services) }
    var now: Date { self.services.now }

    func schedule(_ rawEngagement: String?, _ draft: SessionDraft, by viewer: Account) async throws -> Session {
        let view = try await self.engagements.loadOpen(rawEngagement, for: viewer)
        let (at, length, plan) = try draft.validated(shares: viewer.sessionDefaults.shares)
        let session = Session(
            id: .init(), engagementID: view.engagement.id, scheduledAt: at, lengthMinutes: length, plan: plan, status: .scheduled, startedAt: nil, endedAt: nil,
            phaseChanges: [], agreement: nil, agreementSkipReason: nil, progressNotes: nil, createdAt: self.now
        )
        try await self.services.sessions.schedule(session, by: viewer.id)
        return session
    }

    /// The session if the viewer may see it (and record in it, for `.write`); 404 otherwise. Reads are audited.
    func load(_ raw: String?, for viewer: Account, need: EngagementService.Need, audit: Bool = true) async throws -> SessionContext {
        guard let raw, let id = Session.ID(raw), let item = try await self.services.sessions.find(id) else {
            throw TandemError.notFound("The session")
        }
        let view: EngagementView
        do {
            view = try await self.engagements.load(item.session.engagementID.description, for: viewer, need: need, audit: false)
        } catch TandemError.notFound {
            try await self.services.audit.record(.engagement(.sessionViewed, id.description, type: "session", by: viewer.id, at: self.now, outcome: .denied))
            throw TandemError.notFound("The session")
        }
        if audit { try await self.services.audit.record(.engagement(.sessionViewed, id.description, type: "session", by: viewer.id, at: self.now)) }
        return SessionContext(item: item, engagement: view)
    }

    func record(_ context: SessionContext) async throws -> SessionRecord {
        let id = context.session.id
        let live = self.services.live
        return SessionRecord(
            context: context, markers: try await live.markers(of: id), redirects: try await live.redirects(of: id),
            questionsAsked: try await live.questionsAsked(in: id), takeaways: try await live.takeaways(of: id),
            actionSteps: try await live.actionSteps(agreedIn: id),
            actionStepsToReview: try await live.actionSteps(toReviewIn: context.session, of: context.session.engagementID),
            addenda: try await live.addenda(of: id),
            clientIntention: try await self.services.portal.intentions(of: context.session.engagementID)[id],
            clientChecks: try await self.services.portal.clientChecks(of: context.session.engagementID)
        )
    }

    /// The engagement's sessions, for its page and the API.
    func sessions(of view: EngagementView) async throws -> [SessionListItem] {
        try await self.services.sessions.forEngagement(view.engagement.id)
    }

    /// The viewer's sessions on one day of her time zone.
    func day(_ day: LocalDate, for viewer: Account) async throws -> [SessionListItem] {
        let zone = viewer.sessionDefaults.zone
        let from = Formats.startOfDay(day, in: zone)
        let to = Formats.startOfDay(day.adding(days: 1), in: zone)
        let items = try await self.services.sessions.schedule(of: viewer.id, from: from, to: to)
        try await self.services.audit.record(
            AuditEvent(at: self.now, actorID: viewer.id, action: .sessionsListed, entityType: "session", detail: "day view, \(items.count) shown")
        )
        return items
    }

    // MARK: Moving the session along

    func start(_ raw: String?, by viewer: Account) async throws -> SessionContext {
        try await self.services.app.sessionSteps.start(raw, by: viewer)
        return try await self.load(raw, for: viewer, need: .write, audit: false)
    }

    func move(_ raw: String?, to phase: String?, skipReason: String?, by viewer: Account) async throws -> SessionContext {
        try await self.services.app.sessionSteps.move(raw, to: phase, skipReason: skipReason, by: viewer)
        return try await self.load(raw, for: viewer, need: .write, audit: false)
    }

    func end(_ raw: String?, by viewer: Account) async throws -> SessionContext {
        try await self.services.app.sessionSteps.end(raw, by: viewer)
        return try await self.load(raw, for: viewer, need: .write, audit: false)
    }

    func cancel(_ raw: String?, as status: SessionStatus, by viewer: Account) async throws -> SessionContext {
        try await self.services.app.sessionSteps.cancel(raw, as: status, by: viewer)
        return try await self.load(raw, for: viewer, need: .write, audit: false)
    }

    // MARK: The opening

    func agree(_ raw: String?, clientWords: String?, focus: String?, by viewer: Account) async throws -> SessionAgreement {
        try await self.services.app.live.agree(clientWords: clientWords, focus: focus, in: raw, by: viewer)
    }

    func noteProgress(_ raw: String?, text: String?, by viewer: Account) async throws {
        try await self.services.app.live.noteProgress(text, in: raw, by: viewer)
    }

    /// Reviews an action step of an engagement the viewer holds; inside a running session of that engagement the
    /// review is tied to it (its opening).
    func review(_ rawStep: String?, status: String?, clientWords: String?, by viewer: Account) async throws -> ActionStep {
        try await self.services.app.live.review(rawStep, status: status, clientWords: clientWords, by: viewer)
    }

    // MARK: Live records

    func addMarker(_ raw: String?, kind: String?, text: String?, namedBy: String?, highlighted: Bool, by viewer: Account) async throws -> Marker {
        try await self.services.app.live.addMarker(RecordMarker(kind: kind, text: text, namedBy: namedBy, highlighted: highlighted), in: raw, by: viewer)
    }

    /// Adds the text, voice or highlight after the keystroke; a field left out keeps its value.
    func updateMarker(_ rawMarker: String?, text: String??, namedBy: String?, highlighted: Bool?, by viewer: Account) async throws -> Marker {
        try await self.services.app.live.updateMarker(rawMarker, text: text, namedBy: namedBy, highlighted: highlighted, by: viewer)
    }

    func addRedirect(_ raw: String?, note: String?, by viewer: Account) async throws -> Redirect {
        try await self.services.app.live.addRedirect(note: note, in: raw, by: viewer)
    }

    func ask(_ raw: String?, questionID rawQuestion: String?, by viewer: Account) async throws -> (QuestionAsked, Question) {
        try await self.services.app.live.ask(questionID: rawQuestion, in: raw, by: viewer)
    }

    func questions(for viewer: Account, phase rawPhase: String?, search: String?) async throws -> [Question] {
        var phase: Phase?
        if let rawPhase, !rawPhase.isEmpty {
            guard let p = Phase(rawValue: rawPhase) else { throw TandemError.invalid("phase", "phase must be opening, work or closing.") }
            phase = p
        }
        if let search, search.count > 200 { throw TandemError.invalid("q", "q must be at most 200 characters.") }
        return try await self.services.live.questions(for: viewer.id, phase: phase, search: search)
    }

    func addQuestion(phase: String?, purpose: String?, text: String?, by viewer: Account) async throws -> Question {
        let (phase, purpose, text) = try Question.validated(phase: phase, purpose: purpose, text: text)
        let question = Question(id: .init(), phase: phase, purpose: purpose, text: text, ownerID: viewer.id)
        try await self.services.live.addQuestion(question, at: self.now)
        return question
    }

    func addTakeaway(_ raw: String?, text: String?, source: String?, permissionAsked: Bool, by viewer: Account) async throws -> Takeaway {
        try await self.services.app.live.addTakeaway(text: text, source: source, permissionAsked: permissionAsked, in: raw, by: viewer)
    }

    /// Action steps are a coaching-edge tool: refused with `not_coachable` unless the engagement's screening allows.
    func addActionStep(_ raw: String?, text: String?, due: String?, by viewer: Account) async throws -> ActionStep {
        try await self.services.app.live.addActionStep(text: text, due: due, in: raw, by: viewer)
    }

    /// After the session: a correction or addition that keeps the original.
    func addAddendum(_ raw: String?, text: String?, by viewer: Account) async throws -> SessionAddendum {
        try await self.services.app.live.addAddendum(text: text, to: raw, by: viewer)
    }
}
