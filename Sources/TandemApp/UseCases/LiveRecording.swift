import Foundation
import TandemCore
import TandemStore

/// A marker as the practitioner records it: its kind, and optionally her words, who named it and whether she
/// highlighted it. Checked by `Marker.validated`.
public struct RecordMarker: Sendable, Equatable {
    public var kind: String?
    public var text: String?
    public var namedBy: String?
    public var highlighted: Bool

    public init(kind: String?, text: String? = nil, namedBy: String? = nil, highlighted: Bool = false) {
        self.kind = kind
        self.text = text
        self.namedBy = namedBy
        self.highlighted = highlighted
    }
}

/// Records made while a session runs. Only the engagement's holder records, only while the session is in progress;
/// each record lands with its audit event in one transaction.
public struct LiveRecording: Sendable {
    let app: App

    /// Records a marker at the session's elapsed time. Five statements: the target's check, the insert, the audit
    /// event, and the transaction's BEGIN and COMMIT.
    public func addMarker(_ command: RecordMarker, in session: Session.ID, by actor: Account) async throws -> Marker {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let (kind, text, voice, highlighted) = try Marker.validated(
                kind: command.kind, text: command.text, namedBy: command.namedBy, highlighted: command.highlighted
            )
            let marker = Marker(
                id: .init(), sessionID: target.sessionID, kind: kind, atSeconds: target.elapsedSeconds(at: now), text: text, namedBy: voice,
                highlighted: highlighted, recordedAt: now
            )
            try await LiveRecordStore.insert(marker, on: tx)
            try await AuditStore.append(.engagement(.markerRecorded, marker.id.description, type: "marker", by: actor.id, at: now), on: tx)
            return marker
        }
    }

    /// Adds the words, voice or highlight after the keystroke; a field left out (nil) keeps its value, and
    /// `text: .some(nil)` clears the words. Only while the marker's session runs.
    public func updateMarker(_ id: Marker.ID, text: String??, namedBy: String?, highlighted: Bool?, by actor: Account) async throws -> Marker {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard var marker = try await LiveRecordStore.marker(id, on: tx) else {
                throw TandemError.notFound("The marker")
            }
            _ = try await Self.running(marker.sessionID, for: actor, at: now, on: tx)
            let (_, newText, voice, newHighlight) = try Marker.validated(
                kind: marker.kind.rawValue, text: text ?? marker.text, namedBy: namedBy ?? marker.namedBy.rawValue,
                highlighted: highlighted ?? marker.highlighted
            )
            marker.text = newText
            marker.namedBy = voice
            marker.highlighted = newHighlight
            try await LiveRecordStore.update(marker, on: tx)
            try await AuditStore.append(.engagement(.markerUpdated, marker.id.description, type: "marker", by: actor.id, at: now), on: tx)
            return marker
        }
    }

    /// Records that the practitioner redirected the conversation back to the agreement, with an optional note.
    public func addRedirect(note: String?, in session: Session.ID, by actor: Account) async throws -> Redirect {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let note = try Redirect.validated(note: note)
            let redirect = Redirect(id: .init(), sessionID: target.sessionID, atSeconds: target.elapsedSeconds(at: now), note: note, recordedAt: now)
            try await LiveRecordStore.insert(redirect, on: tx)
            try await AuditStore.append(.engagement(.redirectRecorded, redirect.id.description, type: "redirect", by: actor.id, at: now), on: tx)
            return redirect
        }
    }

    /// Records that a question of the library (Tandem's or the actor's own) was asked.
    public func ask(questionID rawQuestion: String?, in session: Session.ID, by actor: Account) async throws -> (QuestionAsked, Question) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            guard let rawQuestion, let qid = Question.ID(rawQuestion), let question = try await LiveRecordStore.question(qid, on: tx),
                question.ownerID == nil || question.ownerID == actor.id
            else { throw TandemError.invalid("questionId", "questionId must name a question of the library.") }
            let asked = QuestionAsked(
                id: .init(), sessionID: target.sessionID, questionID: qid, atSeconds: target.elapsedSeconds(at: now), recordedAt: now)
            try await LiveRecordStore.insert(asked, on: tx)
            try await AuditStore.append(.engagement(.questionAsked, asked.id.description, type: "question-asked", by: actor.id, at: now), on: tx)
            return (asked, question)
        }
    }

    /// Records a takeaway: the client's own words, or the therapist's shared with the client's permission.
    public func addTakeaway(text: String?, source: String?, permissionAsked: Bool, in session: Session.ID, by actor: Account) async throws -> Takeaway
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let (text, source, permission) = try Takeaway.validated(text: text, source: source, permissionAsked: permissionAsked)
            let takeaway = Takeaway(
                id: .init(), sessionID: target.sessionID, text: text, source: source, permissionAsked: permission,
                atSeconds: target.elapsedSeconds(at: now), recordedAt: now
            )
            try await LiveRecordStore.insert(takeaway, on: tx)
            try await AuditStore.append(.engagement(.takeawayRecorded, takeaway.id.description, type: "takeaway", by: actor.id, at: now), on: tx)
            return takeaway
        }
    }

    /// Agrees what the session is for, in the client's words, with the practitioner's focus.
    public func agree(clientWords: String?, focus: String?, in session: Session.ID, by actor: Account) async throws -> SessionAgreement {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let agreement = try SessionAgreement.validated(clientWords: clientWords, focus: focus, at: now)
            try await SessionStore.setAgreement(target.sessionID, agreement, on: tx)
            try await AuditStore.append(.engagement(.agreementRecorded, target.sessionID.description, type: "session", by: actor.id, at: now), on: tx)
            return agreement
        }
    }

    /// The opening's notes of progress since the last session (empty clears them).
    public func noteProgress(_ text: String?, in session: Session.ID, by actor: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let notes = try Session.validatedProgressNotes(text)
            try await SessionStore.setProgressNotes(target.sessionID, notes, on: tx)
            try await AuditStore.append(.engagement(.progressNoted, target.sessionID.description, type: "session", by: actor.id, at: now), on: tx)
        }
    }

    /// The client's "How far did we get?", said in the room and recorded while the session runs (given again, it
    /// replaces the one before: the client may reconsider before the end).
    public func rateHowFar(_ raw: String?, in session: Session.ID, by actor: Account) async throws -> HowFar {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            let howFar = HowFar(rating: try HowFar.validated(raw), source: .inRoom, at: now)
            try await SessionStore.setHowFar(target.sessionID, howFar, on: tx)
            try await AuditStore.append(.engagement(.howFarRated, target.sessionID.description, type: "session", by: actor.id, at: now), on: tx)
            return howFar
        }
    }

    /// Agrees an action step. A coaching-edge tool: refused with `not_coachable` unless the engagement's latest
    /// screening allows it (and nothing has paused the tools since). The due date is checked against the actor's today.
    public func addActionStep(text: String?, due: String?, in session: Session.ID, by actor: Account) async throws -> ActionStep {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(session, for: actor, at: now, on: tx)
            guard let item = try await EngagementStore.find(target.engagementID, on: tx) else { throw TandemError.notFound("The session") }
            try CoachingState.of(item.engagement, latest: try await ScreeningStore.latest(of: target.engagementID, on: tx)).requireTools()
            let (text, due) = try ActionStep.validated(text: text, due: due, today: LocalDate(now, in: actor.sessionDefaults.zone))
            let step = ActionStep(
                id: .init(), engagementID: target.engagementID, sessionID: target.sessionID, text: text, due: due, createdAt: now, review: nil)
            try await LiveRecordStore.insert(step, on: tx)
            try await AuditStore.append(.engagement(.actionStepCreated, step.id.description, type: "action-step", by: actor.id, at: now), on: tx)
            return step
        }
    }

    /// Reviews an action step of an engagement the actor holds (done, partly, not done, with the client's words);
    /// while a session of that engagement runs, the review belongs to it (its opening).
    public func review(_ id: ActionStep.ID, status: String?, clientWords: String?, by actor: Account) async throws -> ActionStep {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let step = try await LiveRecordStore.actionStep(id, on: tx) else {
                throw TandemError.notFound("The action step")
            }
            let item = try await Engagements.writable(step.engagementID, for: actor, at: now, on: tx)
            let (status, words) = try ActionReview.validated(status: status, clientWords: clientWords)
            let running = try await SessionStore.running(in: item.engagement.id, on: tx)
            let review = ActionReview(status: status, clientWords: words, reviewedAt: now, sessionID: running)
            try await LiveRecordStore.review(id, review, on: tx)
            try await AuditStore.append(.engagement(.actionStepReviewed, id.description, type: "action-step", by: actor.id, at: now), on: tx)
            return try await LiveRecordStore.actionStep(id, on: tx) ?? step
        }
    }

    /// After the session: a correction or addition that keeps the original.
    public func addAddendum(text: String?, to session: Session.ID, by actor: Account) async throws -> SessionAddendum {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.writable(session, for: actor, at: now, on: tx)
            try SessionAddendum.requireCompleted(target.status)
            let addendum = SessionAddendum(
                id: .init(), sessionID: target.sessionID, text: try SessionAddendum.validated(text: text), recordedBy: actor.id, recordedAt: now)
            try await LiveRecordStore.insert(addendum, on: tx)
            try await AuditStore.append(
                .engagement(.sessionAddendumRecorded, addendum.id.description, type: "session-addendum", by: actor.id, at: now), on: tx)
            return addendum
        }
    }

    /// Whether the live page of this session may keep its practitioner's sign-in alive now (`SessionFlow`); the
    /// caller then touches the browser session. Someone who may not record in it is refused as for any record.
    public func keepsSignInAlive(_ session: Session.ID, by actor: Account) async throws -> Bool {
        let now = self.app.now
        return try await self.app.unit { tx in
            SessionFlow.keepsSignInAlive(try await Self.writable(session, for: actor, at: now, on: tx), at: now)
        }
    }

    /// The session to record in: the actor holds its engagement (`writable`) and it is running.
    static func running(_ session: Session.ID, for actor: Account, at now: Date, on tx: Transaction) async throws -> RecordingTarget {
        let target = try await Self.writable(session, for: actor, at: now, on: tx)
        try target.status.requireInProgress()
        return target
    }

    /// A session of an engagement the actor holds. Anyone who may not know the session exists gets not-found, a
    /// reader gets forbidden; both refusals are audited.
    static func writable(_ id: Session.ID, for actor: Account, at now: Date, on tx: Transaction) async throws -> RecordingTarget {
        guard let target = try await SessionStore.recordingTarget(id, on: tx) else {
            throw TandemError.notFound("The session")
        }
        switch target.access(for: actor) {
        case .hidden:
            throw Denial(
                events: [
                    .engagement(.engagementViewed, target.engagementID.description, by: actor.id, at: now, outcome: .denied),
                    .engagement(.sessionViewed, id.description, type: "session", by: actor.id, at: now, outcome: .denied),
                ],
                error: .notFound("The session")
            )
        case .read:
            throw Denial.readOnly(target.engagementID, holder: target.holderName, actor: actor, at: now)
        case .write:
            return target
        }
    }
}
