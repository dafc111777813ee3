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

    public init(
        id: ID, sessionID: Session.ID, engagementID: Engagement.ID, authorID: Account.ID, format: NoteFormat, sections: [NoteSection],
        createdAt: Date, updatedAt: Date, signature: Signature?, addenda: [NoteAddendum]
    ) {
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
            sections: sections, createdAt: self.createdAt, updatedAt: at, signature: self.signature, addenda: self.addenda)
    }

    /// The same note, signed.
    public func signed(_ signature: Signature) -> ProgressNote {
        ProgressNote(
            id: self.id, sessionID: self.sessionID, engagementID: self.engagementID, authorID: self.authorID, format: self.format,
            sections: self.sections, createdAt: self.createdAt, updatedAt: signature.at, signature: signature, addenda: self.addenda)
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
