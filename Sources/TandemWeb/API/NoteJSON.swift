import Foundation
import TandemApp
import TandemCore

/// A progress note over the API: its sections, and once signed who signed it, when, and the SHA-256 of what was
/// signed; its signed addenda.
struct NoteJSON: Encodable {
    struct SectionJSON: Encodable {
        let title: String
        let text: String
    }
    struct AddendumJSON: Encodable {
        let id: String
        let text: String
        let signedBy: String
        let signedAt: Date
        let contentSha256: String
    }

    struct ReviewJSON: Encodable {
        let id: String
        let decision: String
        let supervisorId: String
        let comment: Nullable<String>
        let reviewedAt: Date
        let contentSha256: String
    }

    let id: String
    let sessionId: String
    let engagementId: String
    let format: String
    let status: String
    let sections: [SectionJSON]
    let createdAt: Date
    let updatedAt: Date
    let signedBy: Nullable<String>
    let signedAt: Nullable<Date>
    let contentSha256: Nullable<String>
    let addenda: [AddendumJSON]
    /// Once a supervisor co-signed it: when.
    let cosignedAt: Nullable<Date>
    let reviews: [ReviewJSON]

    init(_ note: ProgressNote) {
        self.id = note.id.description
        self.sessionId = note.sessionID.description
        self.engagementId = note.engagementID.description
        self.format = note.format.rawValue
        self.status = note.status.rawValue
        self.sections = note.sections.map { SectionJSON(title: $0.title, text: $0.text) }
        self.createdAt = note.createdAt
        self.updatedAt = note.updatedAt
        self.signedBy = Nullable(note.signature?.by.description)
        self.signedAt = Nullable(note.signature?.at)
        self.contentSha256 = Nullable(note.signature?.contentSha256)
        self.addenda = note.addenda.map(AddendumJSON.init)
        self.cosignedAt = Nullable(note.cosignature?.at)
        self.reviews = note.reviews.map {
            ReviewJSON(
                id: $0.id.description, decision: $0.decision.rawValue, supervisorId: $0.supervisorID.description, comment: Nullable($0.comment),
                reviewedAt: $0.at, contentSha256: $0.contentSha256)
        }
    }
}

extension NoteJSON.AddendumJSON {
    init(_ a: NoteAddendum) {
        self.init(
            id: a.id.description, text: a.text, signedBy: a.signature.by.description, signedAt: a.signature.at,
            contentSha256: a.signature.contentSha256)
    }
}

/// A psychotherapy note, to its author only.
struct PsychotherapyNoteJSON: Encodable {
    let sessionId: String
    let text: String
    let createdAt: Date
    let updatedAt: Date

    init(_ note: PsychotherapyNote) {
        self.sessionId = note.sessionID.description
        self.text = note.text
        self.createdAt = note.createdAt
        self.updatedAt = note.updatedAt
    }
}
