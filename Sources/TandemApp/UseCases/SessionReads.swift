import Foundation
import TandemCore
import TandemStore

/// A session with its engagement, as every view of it needs.
public struct SessionContext: Sendable {
    public let item: SessionListItem
    public let engagement: EngagementView

    public var session: Session { self.item.session }
    public var canRecord: Bool { self.engagement.access == .write }
}

/// Everything recorded in and about one session.
public struct SessionRecord: Sendable {
    public let context: SessionContext
    public let markers: [Marker]
    public let redirects: [Redirect]
    public let questionsAsked: [(QuestionAsked, Question)]
    public let takeaways: [Takeaway]
    public let actionSteps: [ActionStep]
    public let actionStepsToReview: [ActionStep]
    public let addenda: [SessionAddendum]
    /// The client's answer in the portal before this session, and their ticks of action steps.
    public let clientIntention: String?
    public let clientChecks: [ActionStep.ID: ClientCheck]
    /// The session's note of record, if one was drafted: its id and whether it is signed.
    public let note: (id: ProgressNote.ID, status: ProgressNote.Status)?
}

/// Scheduling sessions and reading them: access through the engagement (the holder records, the client's
/// practitioner and the owner read, nobody else learns the session exists); every read audited in its transaction.
public struct Sessions: Sendable {
    let app: App

    public func schedule(_ engagement: Engagement.ID, _ draft: SessionDraft, by actor: Account) async throws -> Session {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            let (at, length, plan) = try draft.validated(shares: actor.sessionDefaults.shares)
            let session = Session(
                id: .init(), engagementID: view.engagement.id, scheduledAt: at, lengthMinutes: length, plan: plan, status: .scheduled, startedAt: nil,
                endedAt: nil, phaseChanges: [], agreement: nil, agreementSkipReason: nil, progressNotes: nil, createdAt: now
            )
            try await SessionStore.schedule(session, on: tx)
            try await AuditStore.append(.engagement(.sessionScheduled, session.id.description, type: "session", by: actor.id, at: now), on: tx)
            return session
        }
    }

    /// The session if the actor may see it (and record in it, for `.write`); not-found otherwise. Audited.
    public func load(_ id: Session.ID, for actor: Account, need: Engagements.Need) async throws -> SessionContext {
        let now = self.app.now
        return try await self.app.unit { tx in
            let context = try await Self.readable(id, for: actor, need: need, at: now, on: tx)
            try await AuditStore.append(.engagement(.sessionViewed, context.session.id.description, type: "session", by: actor.id, at: now), on: tx)
            return context
        }
    }

    /// The session with everything recorded in and about it (the session page, the session JSON). Audited.
    public func record(_ id: Session.ID, for actor: Account) async throws -> SessionRecord {
        let now = self.app.now
        return try await self.app.unit { tx in
            let context = try await Self.readable(id, for: actor, need: .read, at: now, on: tx)
            try await AuditStore.append(.engagement(.sessionViewed, context.session.id.description, type: "session", by: actor.id, at: now), on: tx)
            return try await Self.record(of: context, on: tx)
        }
    }

    /// The engagement's sessions, for the API's list of them. Audited as a view of the engagement.
    public func list(_ engagement: Engagement.ID, for actor: Account) async throws -> [SessionListItem] {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.viewed(engagement, by: actor, need: .read, at: now, on: tx)
            return try await SessionStore.forEngagement(view.engagement.id, on: tx)
        }
    }

    /// The actor's sessions between two instants (a day of her time zone); audited as a list.
    public func day(from: Date, to: Date, for actor: Account) async throws -> [SessionListItem] {
        let now = self.app.now
        return try await self.app.unit { tx in
            let items = try await SessionStore.schedule(of: actor.id, from: from, to: to, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .sessionsListed, entityType: "session", detail: "day view, \(items.count) shown"),
                on: tx
            )
            return items
        }
    }

    static func record(of context: SessionContext, on tx: Transaction) async throws -> SessionRecord {
        let id = context.session.id
        let steps = try await LiveRecordStore.actionSteps(around: context.session, on: tx)
        return SessionRecord(
            context: context, markers: try await LiveRecordStore.markers(of: id, on: tx),
            redirects: try await LiveRecordStore.redirects(of: id, on: tx),
            questionsAsked: try await LiveRecordStore.questionsAsked(in: id, on: tx), takeaways: try await LiveRecordStore.takeaways(of: id, on: tx),
            actionSteps: steps.agreed, actionStepsToReview: steps.toReview, addenda: try await LiveRecordStore.addenda(of: id, on: tx),
            clientIntention: try await PortalStore.intention(of: id, on: tx), clientChecks: steps.checks,
            note: context.session.status == .completed ? try await NoteStore.status(forSession: id, on: tx) : nil
        )
    }

    /// The session if the actor may see it; a session of an engagement hidden from her is audited as a denied
    /// session view and answers not-found.
    static func readable(_ id: Session.ID, for actor: Account, need: Engagements.Need, at now: Date, on tx: Transaction) async throws
        -> SessionContext
    {
        guard let item = try await SessionStore.find(id, on: tx) else { throw TandemError.notFound("The session") }
        do {
            let view = try await Engagements.readable(item.session.engagementID, for: actor, need: need, at: now, on: tx)
            return SessionContext(item: item, engagement: view)
        } catch let denial as Denial where denial.error.isNotFound {
            let denied = AuditEvent.engagement(.sessionViewed, id.description, type: "session", by: actor.id, at: now, outcome: .denied)
            throw Denial(events: denial.events + [denied], error: .notFound("The session"))
        }
    }
}

/// The question library: Tandem's questions and the practitioner's own (not clinical: no client in them).
public struct Questions: Sendable {
    let app: App

    public func questions(for actor: Account, phase rawPhase: String?, search: String?) async throws -> [Question] {
        let phase: Phase? = try rawPhase.flatMap { raw in
            guard !raw.isEmpty else { return nil }
            guard let phase = Phase(rawValue: raw) else { throw TandemError.invalid("phase", "phase must be opening, work or closing.") }
            return phase
        }
        if let search, TextRule.length(search) > Question.maximumSearch {
            throw TandemError.invalid("q", "q must be at most \(Question.maximumSearch) characters.")
        }
        return try await self.app.database.reading { tx in try await LiveRecordStore.questions(for: actor.id, phase: phase, search: search, on: tx) }
    }

    public func add(phase: String?, purpose: String?, text: String?, by actor: Account) async throws -> Question {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (phase, purpose, text) = try Question.validated(phase: phase, purpose: purpose, text: text)
            let question = Question(id: .init(), phase: phase, purpose: purpose, text: text, ownerID: actor.id)
            try await LiveRecordStore.insert(question, owner: actor.id, on: tx)
            try await AuditStore.append(.engagement(.questionCreated, question.id.description, type: "question", by: actor.id, at: now), on: tx)
            return question
        }
    }
}
