import Foundation

/// The five kinds of progress marker (docs/MODEL.md §4), each with its keyboard shortcut.
public enum MarkerKind: String, Sendable, Codable, CaseIterable {
    case insight, cognition, affect, strength, reflection

    public var label: String {
        switch self {
        case .insight: "New insight"
        case .cognition: "Changed thought"
        case .affect: "Expression of affect"
        case .strength: "Demonstrated strength"
        case .reflection: "Honest self-reflection"
        }
    }

    /// "1" to "5", in the order of the model.
    public var shortcut: String { String(MarkerKind.allCases.firstIndex(of: self)! + 1) }
}

/// Who named a marker or voiced a takeaway: the client learning to name their own progress is the model's trend.
public enum Voice: String, Sendable, Codable, CaseIterable {
    case client, therapist

    public var label: String { self == .client ? "Client" : "Therapist" }
}

public struct Marker: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Marker>
    public let id: ID
    public let sessionID: Session.ID
    public let kind: MarkerKind
    public let atSeconds: Int
    public var text: String?
    public var namedBy: Voice
    public var highlighted: Bool
    public let recordedAt: Date

    public init(id: ID, sessionID: Session.ID, kind: MarkerKind, atSeconds: Int, text: String?, namedBy: Voice, highlighted: Bool, recordedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.kind = kind
        self.atSeconds = atSeconds
        self.text = text
        self.namedBy = namedBy
        self.highlighted = highlighted
        self.recordedAt = recordedAt
    }

    public static let maximumText = 500

    /// A marker as typed: the kind is required, the rest has defaults (named by the therapist, not highlighted).
    public static func validated(kind: String?, text: String?, namedBy: String?, highlighted: Bool) throws(TandemError) -> (
        MarkerKind, String?, Voice, Bool
    ) {
        var v = Validator()
        let kind = kind.flatMap(MarkerKind.init(rawValue:))
        if kind == nil { v.fail("kind", "Kind must be one of \(MarkerKind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let text = v.optional("text", "Marker text", text, max: Self.maximumText)
        var voice = Voice.therapist
        if let raw = namedBy, !raw.isEmpty {
            if let named = Voice(rawValue: raw) { voice = named } else { v.fail("namedBy", "namedBy must be client or therapist.") }
        }
        try v.check()
        return (kind!, text, voice, highlighted)
    }
}

/// A long off-topic narrative brought back to the agreement (docs/MODEL.md §6).
public struct Redirect: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Redirect>
    public let id: ID
    public let sessionID: Session.ID
    public let atSeconds: Int
    public let note: String?
    public let recordedAt: Date

    public init(id: ID, sessionID: Session.ID, atSeconds: Int, note: String?, recordedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.atSeconds = atSeconds
        self.note = note
        self.recordedAt = recordedAt
    }

    /// A redirect's note is at most this long.
    public static let noteLimit = 500

    /// The note (nil when empty), or a validation error naming `note`.
    public static func validated(note: String?) throws(TandemError) -> String? {
        var v = Validator()
        let note = v.optional("note", "Note", note, max: Self.noteLimit, lines: .multiple)
        try v.check()
        return note
    }
}

/// What a question is for, in the order a session tends to need them.
public enum QuestionPurpose: String, Sendable, Codable, CaseIterable {
    case clarifyGoal, raiseStakes, findStrength, moveToAction, consolidate

    public var label: String {
        switch self {
        case .clarifyGoal: "Clarify the goal"
        case .raiseStakes: "Raise the stakes"
        case .findStrength: "Find the strength"
        case .moveToAction: "Move to action"
        case .consolidate: "Consolidate"
        }
    }
}

/// A powerful question from the library: seeded by Tandem, or a practitioner's own.
public struct Question: Sendable, Equatable, Identifiable {
    public static let maximumText = 300
    /// The longest search of the library.
    public static let maximumSearch = 200

    public typealias ID = Identifier<Question>
    public let id: ID
    public let phase: Phase
    public let purpose: QuestionPurpose
    public let text: String
    /// nil for the library Tandem ships; the practitioner for her own.
    public let ownerID: Account.ID?

    public init(id: ID, phase: Phase, purpose: QuestionPurpose, text: String, ownerID: Account.ID?) {
        self.id = id
        self.phase = phase
        self.purpose = purpose
        self.text = text
        self.ownerID = ownerID
    }

    public static func validated(phase: String?, purpose: String?, text: String?) throws(TandemError) -> (Phase, QuestionPurpose, String) {
        var v = Validator()
        let phase = phase.flatMap(Phase.init(rawValue:))
        if phase == nil { v.fail("phase", "Phase must be opening, work or closing.") }
        let purpose = purpose.flatMap(QuestionPurpose.init(rawValue:))
        if purpose == nil { v.fail("purpose", "Purpose must be one of \(QuestionPurpose.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let text = v.required("text", "Question", text, max: Self.maximumText, min: 5)
        try v.check()
        return (phase!, purpose!, text)
    }
}

public struct QuestionAsked: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<QuestionAsked>
    public let id: ID
    public let sessionID: Session.ID
    public let questionID: Question.ID
    public let atSeconds: Int
    public let recordedAt: Date

    public init(id: ID, sessionID: Session.ID, questionID: Question.ID, atSeconds: Int, recordedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.questionID = questionID
        self.atSeconds = atSeconds
        self.recordedAt = recordedAt
    }
}

/// A takeaway (docs/MODEL.md §5): client-voiced, or shared by the therapist after asking permission.
public struct Takeaway: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Takeaway>
    public let id: ID
    public let sessionID: Session.ID
    public let text: String
    public let source: Voice
    public let permissionAsked: Bool
    public let atSeconds: Int
    public let recordedAt: Date

    public init(id: ID, sessionID: Session.ID, text: String, source: Voice, permissionAsked: Bool, atSeconds: Int, recordedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.text = text
        self.source = source
        self.permissionAsked = permissionAsked
        self.atSeconds = atSeconds
        self.recordedAt = recordedAt
    }

    public static let maximumText = 1000

    /// A therapist-shared takeaway needs "asked permission to share" ticked.
    public static func validated(text: String?, source: String?, permissionAsked: Bool) throws(TandemError) -> (String, Voice, Bool) {
        var v = Validator()
        let text = v.required("text", "Takeaway", text, max: Self.maximumText, lines: .multiple)
        let source = source.flatMap(Voice.init(rawValue:))
        if source == nil { v.fail("source", "Source must be client (client-voiced) or therapist (therapist-shared).") }
        if source == .therapist, !permissionAsked {
            v.fail("permissionAsked", "Ask the client's permission before sharing your takeaway, and tick that you did.")
        }
        try v.check()
        return (text, source!, source == .therapist ? true : permissionAsked)
    }
}

public enum ActionReviewStatus: String, Sendable, Codable, CaseIterable {
    case done, partly, notDone, dropped

    public var label: String {
        switch self {
        case .done: "Done"
        case .partly: "Partly"
        case .notDone: "Not done"
        case .dropped: "Dropped"
        }
    }
}

/// How an action step went, reviewed in the opening of the next session in the client's words.
public struct ActionReview: Sendable, Equatable {
    public static let maximumClientWords = 1000

    public let status: ActionReviewStatus
    public let clientWords: String?
    public let reviewedAt: Date
    /// The session whose opening reviewed it.
    public let sessionID: Session.ID?

    public init(status: ActionReviewStatus, clientWords: String?, reviewedAt: Date, sessionID: Session.ID?) {
        self.status = status
        self.clientWords = clientWords
        self.reviewedAt = reviewedAt
        self.sessionID = sessionID
    }

    public static func validated(status: String?, clientWords: String?) throws(TandemError) -> (ActionReviewStatus, String?) {
        var v = Validator()
        let status = status.flatMap(ActionReviewStatus.init(rawValue:))
        if status == nil { v.fail("status", "Status must be done, partly, notDone or dropped.") }
        let words = v.optional("clientWords", "The client's words", clientWords, max: Self.maximumClientWords, lines: .multiple)
        try v.check()
        return (status!, words)
    }
}

/// Something the client agreed to do before the next session (docs/MODEL.md §7).
public struct ActionStep: Sendable, Equatable, Identifiable {
    public static let maximumText = 500

    public typealias ID = Identifier<ActionStep>
    public let id: ID
    public let engagementID: Engagement.ID
    public let sessionID: Session.ID
    public let text: String
    public let due: LocalDate?
    public let createdAt: Date
    public var review: ActionReview?

    public init(id: ID, engagementID: Engagement.ID, sessionID: Session.ID, text: String, due: LocalDate?, createdAt: Date, review: ActionReview?) {
        self.id = id
        self.engagementID = engagementID
        self.sessionID = sessionID
        self.text = text
        self.due = due
        self.createdAt = createdAt
        self.review = review
    }

    public static func validated(text: String?, due: String?, today: LocalDate) throws(TandemError) -> (String, LocalDate?) {
        var v = Validator()
        let text = v.required("text", "Action step", text, max: Self.maximumText)
        let due = v.date("due", "Due date", due, notAfter: today.adding(days: 366), notBefore: today)
        try v.check()
        return (text, due)
    }
}

/// A correction or addition to a completed session's record; the original stays.
public struct SessionAddendum: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<SessionAddendum>
    public let id: ID
    public let sessionID: Session.ID
    public let text: String
    public let recordedBy: Account.ID
    public let recordedAt: Date

    public init(id: ID, sessionID: Session.ID, text: String, recordedBy: Account.ID, recordedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.text = text
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// An addendum's text is 5 to this many characters.
    public static let textLimit = 4000

    /// The text, or a validation error naming `text`.
    public static func validated(text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("text", "Addendum", text, max: Self.textLimit, min: 5, lines: .multiple)
        try v.check()
        return text
    }

    /// Addenda correct a completed session; while it runs, records go in directly.
    public static func requireCompleted(_ status: SessionStatus) throws(TandemError) {
        guard status == .completed else {
            throw .conflict(code: .sessionNotCompleted, message: "Addenda correct a completed session; while it runs, record in it directly.")
        }
    }
}
