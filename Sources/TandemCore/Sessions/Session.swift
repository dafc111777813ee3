import Foundation

public enum SessionStatus: String, Sendable, Codable, CaseIterable {
    case scheduled, inProgress, completed, cancelled, noShow

    public var label: String {
        switch self {
        case .scheduled: "Scheduled"
        case .inProgress: "In progress"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        case .noShow: "No-show"
        }
    }

    /// Throws `session_not_in_progress` unless this is `inProgress`: live records belong to a running session.
    public func requireInProgress() throws(TandemError) {
        guard self == .inProgress else {
            throw .conflict(
                code: .sessionNotInProgress, message: "This session is \(self.label.lowercased()), not in progress: start it to record in it.")
        }
    }
}

/// When a phase began.
public struct PhaseChange: Sendable, Equatable {
    public let phase: Phase
    public let at: Date
    public init(phase: Phase, at: Date) {
        self.phase = phase
        self.at = at
    }
}

/// The session agreement (docs/MODEL.md §3): the client's answer to "Where do you want to go today?", verbatim, and
/// the focus agreed, narrowed if needed.
public struct SessionAgreement: Sendable, Equatable {
    public let clientWords: String
    public let focus: String
    public let recordedAt: Date
    public init(clientWords: String, focus: String, recordedAt: Date) {
        self.clientWords = clientWords
        self.focus = focus
        self.recordedAt = recordedAt
    }

    public static let maximumLength = 1000

    public static func validated(clientWords: String?, focus: String?, at now: Date) throws(TandemError) -> SessionAgreement {
        var v = Validator()
        let words = v.required("clientWords", "The client's words", clientWords, max: Self.maximumLength, lines: .multiple)
        let focus = v.required("focus", "The agreed focus", focus, max: Self.maximumLength, lines: .multiple)
        try v.check()
        return SessionAgreement(clientWords: words, focus: focus, recordedAt: now)
    }
}

/// One session of an engagement, with its plan and what happened to its phases.
public struct Session: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Session>

    public let id: ID
    public let engagementID: Engagement.ID
    public var scheduledAt: Date
    public var lengthMinutes: Int
    public var plan: PhasePlan
    public var status: SessionStatus
    public var startedAt: Date?
    public var endedAt: Date?
    /// Every phase begun, in order; the first is the opening, at the start.
    public var phaseChanges: [PhaseChange]
    public var agreement: SessionAgreement?
    /// Why the work phase began without an agreement, when it did.
    public var agreementSkipReason: String?
    /// "Progress since last session", as noted in the opening.
    public var progressNotes: String?
    public let createdAt: Date
    /// The client's "How far did we get?", once given.
    public var howFar: HowFar?

    public init(
        id: ID, engagementID: Engagement.ID, scheduledAt: Date, lengthMinutes: Int, plan: PhasePlan, status: SessionStatus, startedAt: Date?,
        endedAt: Date?, phaseChanges: [PhaseChange], agreement: SessionAgreement?, agreementSkipReason: String?, progressNotes: String?,
        createdAt: Date, howFar: HowFar? = nil
    ) {
        self.howFar = howFar
        self.id = id
        self.engagementID = engagementID
        self.scheduledAt = scheduledAt
        self.lengthMinutes = lengthMinutes
        self.plan = plan
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.phaseChanges = phaseChanges
        self.agreement = agreement
        self.agreementSkipReason = agreementSkipReason
        self.progressNotes = progressNotes
        self.createdAt = createdAt
    }

    public var currentPhase: Phase? { self.status == .inProgress ? self.phaseChanges.last?.phase : nil }

    /// Seconds since the start at `now`, for time-stamping what is recorded live.
    public func elapsedSeconds(at now: Date) -> Int { Self.elapsedSeconds(since: self.startedAt, at: now) }

    /// The opening's notes of progress since the last session are at most this long.
    public static let progressNotesLimit = 4000

    /// The notes (nil when empty), or a validation error naming `text`.
    public static func validatedProgressNotes(_ text: String?) throws(TandemError) -> String? {
        var v = Validator()
        let notes = v.optional("text", "Progress since last session", text, max: Self.progressNotesLimit, lines: .multiple)
        try v.check()
        return notes
    }

    /// Whole seconds from `startedAt` to `now`; 0 for a session not started.
    public static func elapsedSeconds(since startedAt: Date?, at now: Date) -> Int {
        guard let startedAt else { return 0 }
        return max(0, Int(now.timeIntervalSince(startedAt).rounded(.down)))
    }

    /// Throws `session_not_in_progress` unless the session is running: live records belong to a running session.
    public func requireInProgress() throws(TandemError) { try self.status.requireInProgress() }
}

/// A session as typed: when, how long, and optionally its own plan.
public struct SessionDraft: Sendable, Equatable {
    public var scheduledAt: Date?
    /// The field error to report when the time could not be read (the web layer parses form or ISO 8601 text).
    public var scheduledAtProblem: String?
    public var lengthMinutes: String?
    public var opening: String?
    public var work: String?
    public var closing: String?

    public init(
        scheduledAt: Date?, scheduledAtProblem: String? = nil, lengthMinutes: String?, opening: String? = nil, work: String? = nil,
        closing: String? = nil
    ) {
        self.scheduledAt = scheduledAt
        self.scheduledAtProblem = scheduledAtProblem
        self.lengthMinutes = lengthMinutes
        self.opening = opening
        self.work = work
        self.closing = closing
    }

    /// Checks the draft; with no plan given, the practitioner's shares decide it.
    public func validated(shares: PhasePlan.Shares) throws(TandemError) -> (scheduledAt: Date, length: Int, plan: PhasePlan) {
        var v = Validator()
        if let problem = self.scheduledAtProblem {
            v.fail("scheduledAt", problem)
        } else if self.scheduledAt == nil {
            v.fail("scheduledAt", "The date and time of the session are required.")
        }
        var length = PhasePlan.defaultLength
        if let raw = self.lengthMinutes?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let n = Int(raw), PhasePlan.lengthRange.contains(n) {
                length = n
            } else {
                v.fail("lengthMinutes", "Length must be a whole number of minutes from 15 to 180.")
            }
        }
        let given = [self.opening, self.work, self.closing].map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
        var plan = PhasePlan.standard(length: length, shares: shares)
        if given.contains(where: { !$0.isEmpty }) {
            let names = ["plan.opening", "plan.work", "plan.closing"]
            var minutes: [Int] = []
            for (i, text) in given.enumerated() {
                if let n = Int(text), n >= 0 { minutes.append(n) } else { v.fail(names[i], "Give each phase a whole number of minutes.") }
            }
            if minutes.count == 3 { plan = PhasePlan(opening: minutes[0], work: minutes[1], closing: minutes[2]) }
        }
        try v.check()
        return (self.scheduledAt!, length, try plan.validated(length: length))
    }
}

/// The rules of moving a session along: start, change phase, end, cancel.
public enum SessionFlow {
    /// A live session's page keeps its practitioner signed in (a quiet stretch of listening must not end the sign-in)
    /// for at most this long after the session began: the longest session (3 hours) and half an hour more.
    public static let keepAliveLimit: TimeInterval = (180 + 30) * 60

    /// Whether a heartbeat from the session's page keeps the sign-in alive now: only while the session runs, and not
    /// past `keepAliveLimit` after it began.
    public static func keepsSignInAlive(_ target: RecordingTarget, at now: Date) -> Bool {
        guard target.status == .inProgress, let started = target.startedAt else { return false }
        return now.timeIntervalSince(started) < Self.keepAliveLimit
    }

    public static let minimumSkipReason = 5
    public static let maximumSkipReason = 500

    public static func start(_ session: Session) throws(TandemError) {
        guard session.status == .scheduled else {
            throw .conflict(
                code: .sessionNotScheduled, message: "This session is \(session.status.label.lowercased()); only a scheduled session can start.")
        }
    }

    /// Moving on to `target`: one phase at a time, forward only. The work phase needs an agreement when the
    /// coaching-edge tools are offered (the agreement push is one of them), or a recorded reason to skip it.
    public static func move(_ session: Session, to rawTarget: String?, coaching: CoachingState, skipReason rawSkip: String?) throws(TandemError) -> (
        Phase, String?
    ) {
        try session.requireInProgress()
        guard let target = rawTarget.flatMap(Phase.init(rawValue:)), target != .opening else {
            throw .validation([FieldError(field: "phase", message: "Phase must be work or closing.")])
        }
        let current = session.currentPhase ?? .opening
        guard target.order == current.order + 1 else {
            throw .conflict(
                code: .phaseOrder,
                message: "The session is in its \(current.rawValue) phase; it moves on one phase at a time (opening, work, closing)."
            )
        }
        var skip: String?
        if target == .work, coaching.toolsAvailable, session.agreement == nil {
            let reason = rawSkip ?? ""
            guard !TextRule.isBlank(reason) else {
                throw .conflict(
                    code: .agreementRequired,
                    message:
                        "Make the session agreement first: ask \"Where do you want to go today?\". To go on without one, give a reason for skipping it."
                )
            }
            var v = Validator()
            skip = v.required(
                "skipAgreementReason", "The reason for skipping the agreement", reason, max: Self.maximumSkipReason, min: Self.minimumSkipReason,
                lines: .multiple)
            try v.check()
        }
        return (target, skip)
    }

    public static func end(_ session: Session) throws(TandemError) {
        try session.requireInProgress()
    }

    /// Cancelling or marking a no-show applies to a session that has not started.
    public static func cancel(_ session: Session) throws(TandemError) {
        guard session.status == .scheduled else {
            throw .conflict(
                code: .sessionNotScheduled,
                message: "Only a scheduled session can be cancelled or marked a no-show; this one is \(session.status.label.lowercased()).")
        }
    }
}
