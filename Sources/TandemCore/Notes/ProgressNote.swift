import Foundation

/// The standard formats of a progress note.
public enum NoteFormat: String, Sendable, Codable, CaseIterable {
    case dap = "DAP"
    case birp = "BIRP"
    case soap = "SOAP"

    /// The section titles, in order.
    public var titles: [String] {
        switch self {
        case .dap: ["Data", "Assessment", "Plan"]
        case .birp: ["Behavior", "Intervention", "Response", "Plan"]
        case .soap: ["Subjective", "Objective", "Assessment", "Plan"]
        }
    }

    public var label: String {
        switch self {
        case .dap: "DAP (Data, Assessment, Plan)"
        case .birp: "BIRP (Behavior, Intervention, Response, Plan)"
        case .soap: "SOAP (Subjective, Objective, Assessment, Plan)"
        }
    }

    public static func validated(_ raw: String?, field: String = "format") throws(TandemError) -> NoteFormat {
        guard let raw, let format = NoteFormat(rawValue: raw.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw .invalid(field, "Format must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return format
    }
}

public struct NoteSection: Sendable, Equatable, Codable {
    public let title: String
    public let text: String

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

/// The note of record of one ended session: a draft she edits, then signed and locked (only addenda after).
public struct ProgressNote: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<ProgressNote>

    public enum Status: String, Sendable, Codable { case draft, signed }

    public struct Signature: Sendable, Equatable {
        public let by: Account.ID
        public let at: Date
        /// SHA-256 of `ProgressNote.signedContent`, lower-case hex.
        public let contentSha256: String
        public init(by: Account.ID, at: Date, contentSha256: String) {
            self.by = by
            self.at = at
            self.contentSha256 = contentSha256
        }
    }

    public let id: ID
    public let sessionID: Session.ID
    public let engagementID: Engagement.ID
    public let authorID: Account.ID
    public let format: NoteFormat
    public let sections: [NoteSection]
    public let createdAt: Date
    public let updatedAt: Date
    public let signature: Signature?
    public let addenda: [NoteAddendum]
    /// Each supervisor's decision on the signed note, oldest first: co-signed, or returned with a comment.
    public let reviews: [NoteReview]

    public init(
        id: ID, sessionID: Session.ID, engagementID: Engagement.ID, authorID: Account.ID, format: NoteFormat, sections: [NoteSection],
        createdAt: Date, updatedAt: Date, signature: Signature?, addenda: [NoteAddendum], reviews: [NoteReview] = []
    ) {
        self.reviews = reviews
        self.id = id
        self.sessionID = sessionID
        self.engagementID = engagementID
        self.authorID = authorID
        self.format = format
        self.sections = sections
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.signature = signature
        self.addenda = addenda
    }

    public var status: Status { self.signature == nil ? .draft : .signed }

    /// The same note with other sections, edited at `at`.
    public func edited(_ sections: [NoteSection], at: Date) -> ProgressNote {
        ProgressNote(
            id: self.id, sessionID: self.sessionID, engagementID: self.engagementID, authorID: self.authorID, format: self.format,
            sections: sections, createdAt: self.createdAt, updatedAt: at, signature: self.signature, addenda: self.addenda, reviews: self.reviews)
    }

    /// The same note, signed.
    public func signed(_ signature: Signature) -> ProgressNote {
        ProgressNote(
            id: self.id, sessionID: self.sessionID, engagementID: self.engagementID, authorID: self.authorID, format: self.format,
            sections: self.sections, createdAt: self.createdAt, updatedAt: signature.at, signature: signature, addenda: self.addenda,
            reviews: self.reviews)
    }

    /// The same note with one more supervisor's decision.
    public func reviewed(_ review: NoteReview) -> ProgressNote {
        ProgressNote(
            id: self.id, sessionID: self.sessionID, engagementID: self.engagementID, authorID: self.authorID, format: self.format,
            sections: self.sections, createdAt: self.createdAt, updatedAt: self.updatedAt, signature: self.signature, addenda: self.addenda,
            reviews: self.reviews + [review])
    }

    /// The supervisor's co-signature, once given (a note has at most one).
    public var cosignature: NoteReview? { self.reviews.first { $0.decision == .cosigned } }

    /// The supervisor's latest return, while it stands: no co-signature, and no addendum signed since.
    public var standingReturn: NoteReview? {
        guard self.cosignature == nil, let last = self.reviews.last(where: { $0.decision == .returned }) else { return nil }
        return self.addenda.contains { $0.signature.at > last.at } ? nil : last
    }

    /// Whether a supervisor of its signer may co-sign it now: signed, not yet co-signed.
    public func requireCosignable() throws(TandemError) {
        guard self.signature != nil else {
            throw .conflict(code: .noteNotSigned, message: "This note is still a draft: its author signs it before a supervisor reviews it.")
        }
        guard self.cosignature == nil else {
            throw .conflict(code: .noteCosigned, message: "This note is already co-signed; a co-signature is given once.")
        }
    }

    /// A section's text is at most this long.
    public static let sectionLimit = 8000

    /// Edited sections: the format's titles in order, each text required (the field is `sections[i].text`).
    public static func validated(sections: [NoteSection]?, format: NoteFormat) throws(TandemError) -> [NoteSection] {
        guard let sections else { throw .invalid("sections", "Sections are required: one per section of the format, in order.") }
        guard sections.map(\.title) == format.titles else {
            throw .invalid("sections", "Sections must be \(format.titles.joined(separator: ", ")), in that order (the note is \(format.rawValue)).")
        }
        var v = Validator()
        let texts = sections.enumerated().map { i, s in
            v.required("sections[\(i)].text", "\(s.title)", s.text, max: Self.sectionLimit, lines: .multiple)
        }
        try v.check()
        return zip(format.titles, texts).map { NoteSection(title: $0, text: $1) }
    }

    /// Throws `note_signed` once signed: after that only addenda.
    public func requireDraft() throws(TandemError) {
        guard self.signature == nil else {
            throw .conflict(code: .noteSigned, message: "This note is signed and locked: add an addendum instead.")
        }
    }

    /// Exactly what a signature covers, hashed with SHA-256: the note's identity, format and sections.
    public static func signedContent(id: ID, session: Session.ID, format: NoteFormat, sections: [NoteSection], signer: Account.ID, at: Date) -> String
    {
        var text = "Tandem progress note\nid: \(id)\nsession: \(session)\nformat: \(format.rawValue)\nsigner: \(signer)\n"
        text += "signed: \(Int(at.timeIntervalSince1970))\n"
        for s in sections { text += "\n## \(s.title)\n\(s.text)\n" }
        return text
    }
}

/// A signed addition to a signed note; the original stays as it was.
public struct NoteAddendum: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<NoteAddendum>
    public let id: ID
    public let noteID: ProgressNote.ID
    public let text: String
    public let signature: ProgressNote.Signature

    public init(id: ID, noteID: ProgressNote.ID, text: String, signature: ProgressNote.Signature) {
        self.id = id
        self.noteID = noteID
        self.text = text
        self.signature = signature
    }

    public static let limit = 4000

    public static func validated(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("text", "The addendum", text, max: Self.limit, lines: .multiple)
        try v.check()
        return text
    }

    public static func signedContent(id: ID, note: ProgressNote.ID, text: String, signer: Account.ID, at: Date) -> String {
        "Tandem note addendum\nid: \(id)\nnote: \(note)\nsigner: \(signer)\nsigned: \(Int(at.timeIntervalSince1970))\n\n\(text)\n"
    }
}

/// A supervisor's decision on a signed note: she co-signs it, or returns it with a comment (her supervisee answers
/// with a signed addendum, and the note awaits co-signature again). Kept for good, like the note.
public struct NoteReview: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<NoteReview>
    public enum Decision: String, Sendable, Codable { case cosigned, returned }

    public let id: ID
    public let noteID: ProgressNote.ID
    public let supervisorID: Account.ID
    public let decision: Decision
    public let comment: String?
    /// SHA-256 of `NoteReview.signedContent`: the note's own hash and its addenda's, as she read them.
    public let contentSha256: String
    public let at: Date

    public init(
        id: ID, noteID: ProgressNote.ID, supervisorID: Account.ID, decision: Decision, comment: String?, contentSha256: String, at: Date
    ) {
        self.id = id
        self.noteID = noteID
        self.supervisorID = supervisorID
        self.decision = decision
        self.comment = comment
        self.contentSha256 = contentSha256
        self.at = at
    }

    public static let commentLimit = 2000

    /// The decision as sent (`cosign`, the default, or `return`) and the comment, required to return a note.
    public static func validated(decision raw: String?, comment: String?) throws(TandemError) -> (Decision, String?) {
        var v = Validator()
        let decision: Decision?
        switch raw?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "cosign", "cosigned": decision = .cosigned
        case "return", "returned": decision = .returned
        default:
            decision = nil
            v.fail("decision", "Decision must be cosign or return.")
        }
        let text =
            decision == .returned
            ? v.required("comment", "A comment for your supervisee", comment, max: Self.commentLimit, lines: .multiple)
            : v.optional("comment", "The comment", comment, max: Self.commentLimit, lines: .multiple)
        try v.check()
        return (decision ?? .cosigned, text)
    }

    /// Exactly what the decision covers: the note's signature and each addendum's, as the supervisor read them.
    public static func signedContent(
        id: ID, note: ProgressNote, decision: Decision, comment: String?, supervisor: Account.ID, at: Date
    ) -> String {
        var text = "Tandem note review\nid: \(id)\nnote: \(note.id)\nnote sha256: \(note.signature?.contentSha256 ?? "")\n"
        for a in note.addenda { text += "addendum sha256: \(a.signature.contentSha256)\n" }
        text += "decision: \(decision.rawValue)\nsupervisor: \(supervisor)\nat: \(Int(at.timeIntervalSince1970))\n"
        if let comment { text += "\n\(comment)\n" }
        return text
    }
}
