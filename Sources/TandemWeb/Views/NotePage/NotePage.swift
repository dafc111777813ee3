import Foundation
import TandemApp
import TandemCore

/// A progress note: the draft she edits and signs, or the signed note with its signature block and addenda. The
/// same page prints as the note of record (the print stylesheet keeps the letterhead and the signature).
struct NotePage: PageModel {
    static let template = "note"

    struct Section: Sendable {
        let title: String
        let text: String
    }
    struct Signed: Sendable {
        let by: String
        let at: String
        let sha256: String
    }
    struct Addendum: Sendable {
        let text: String
        let by: String
        let at: String
        let sha256: String
    }
    /// A supervisor's decision, as the note shows it.
    struct Review: Sendable {
        let decision: String
        let by: String
        let at: String
        let comment: String?
        let sha256: String
    }
    struct FormatOption: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let shell: Shell
    let practiceName: String
    let clientName: String
    let sessionWhen: String
    let practitioner: String
    let formatLabel: String
    let status: String
    let statusClass: String
    let sessionHref: String
    let engagementHref: String
    let engagementLabel: String
    let errorSummary: ErrorSummary?
    /// The draft's editing form, for the holder while it is a draft.
    let editAction: String?
    let sectionFields: [FormField]
    let redraftAction: String?
    let formatOptions: [FormatOption]
    /// The draft read-only (the owner, the client's practitioner), or the signed note.
    let sections: [Section]
    let signature: Signed?
    let addenda: [Addendum]
    let addendumAction: String?
    let addendumField: FormField?
    /// Each supervisor's decision, oldest first.
    let reviews: [Review]
    /// The supervisor's form while the note awaits her co-signature: co-sign, or return with the comment.
    let reviewAction: String?
    let reviewField: FormField?
    /// For the author: the supervisor's standing return and what answers it.
    let returnedNotice: String?
}

extension NotePage {
    static func make(
        _ record: NoteRecord, viewer: Account, practiceName: String, zone: TimeZone, shell: Shell, values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> NotePage {
        let note = record.note
        let s = record.context.session
        let item = record.context.engagement.item
        let editable = record.canWrite && note.signature == nil
        let signer = record.signer.map { $0.name + ($0.licence.map { ", \($0)" } ?? "") } ?? item.practitionerName
        func signed(_ sig: ProgressNote.Signature, by name: String) -> Signed {
            Signed(by: name, at: Self.when(sig.at, zone), sha256: sig.contentSha256)
        }
        func person(_ id: Account.ID) -> String {
            record.people[id].map { $0.name + ($0.licence.map { ", \($0)" } ?? "") } ?? "a supervisor"
        }
        let reviewable = note.signature != nil && note.cosignature == nil && viewer.supervises(note.authorID)
        return NotePage(
            shell: shell, practiceName: practiceName, clientName: item.clientName,
            sessionWhen: Formats.dateTime(s.startedAt ?? s.scheduledAt, in: zone) + " (\(Formats.zoneName(zone))), \(s.lengthMinutes) minutes",
            practitioner: item.practitionerName, formatLabel: note.format.label,
            status: note.signature == nil ? "Draft, not signed" : "Signed and locked", statusClass: note.signature == nil ? "pending" : "allowed",
            sessionHref: SiteURL.session(s.id).path, engagementHref: SiteURL.engagement(s.engagementID).path,
            engagementLabel: "\(item.engagement.role.label) with \(item.clientName)",
            errorSummary: ErrorSummary(errors.map { FieldError(field: Self.formField($0.field), message: $0.message) }),
            editAction: editable ? SiteURL.note(note.id).path : nil,
            sectionFields: editable
                ? note.sections.enumerated().map { i, section in
                    FormField(
                        Self.sectionField(i), section.title, type: "textarea", value: values[Self.sectionField(i)] ?? section.text,
                        errors: errors.map { FieldError(field: Self.formField($0.field), message: $0.message) }, required: true,
                        maxLength: ProgressNote.sectionLimit)
                } : [],
            redraftAction: editable ? SiteURL.draftNote(s.id).path : nil,
            formatOptions: NoteFormat.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == note.format) },
            sections: editable ? [] : note.sections.map { Section(title: $0.title, text: $0.text) },
            signature: note.signature.map { signed($0, by: signer) },
            addenda: note.addenda.map {
                let s = signed($0.signature, by: signer)
                return Addendum(text: $0.text, by: s.by, at: s.at, sha256: s.sha256)
            },
            addendumAction: record.canWrite && note.signature != nil ? SiteURL.noteAddenda(note.id).path : nil,
            addendumField: record.canWrite && note.signature != nil
                ? FormField(
                    "text", "Addendum", type: "textarea", value: values["text"], errors: errors,
                    hint: "Signed with your name and the time; the note above stays as it was signed.", required: true,
                    maxLength: NoteAddendum.limit)
                : nil,
            reviews: note.reviews.map {
                Review(
                    decision: $0.decision == .cosigned ? "Co-signed" : "Returned", by: person($0.supervisorID) + ", supervisor",
                    at: Self.when($0.at, zone), comment: $0.comment, sha256: $0.contentSha256)
            },
            reviewAction: reviewable ? SiteURL.reviewNote(note.id).path : nil,
            reviewField: reviewable
                ? FormField(
                    "comment", "Comment", type: "textarea", value: values["comment"], errors: errors,
                    hint: "Optional when you co-sign; needed to return the note. Kept with the note, with your name and the time.",
                    maxLength: NoteReview.commentLimit)
                : nil,
            returnedNotice: record.canWrite
                ? note.standingReturn.map {
                    "\(person($0.supervisorID)) returned this note: \($0.comment ?? ""). Answer with a signed addendum below; the note then awaits co-signature again."
                } : nil
        )
    }

    static func when(_ at: Date, _ zone: TimeZone) -> String { Formats.dateTime(at, in: zone) + " (\(Formats.zoneName(zone)))" }

    /// The form's field of a section: `section-i`.
    static func sectionField(_ i: Int) -> String { "section-\(i)" }

    /// The most sections a format has: how many fields the form may send.
    static let mostSections = NoteFormat.allCases.map(\.titles.count).max() ?? 0

    /// The use case names a section's field `sections[i].text`; the form's field is `section-i`.
    static func formField(_ field: String) -> String {
        guard let match = field.wholeMatch(of: /sections\[(\d+)\]\.text/) else { return field == "sections" ? Self.sectionField(0) : field }
        return Self.sectionField(Int(match.1)!)
    }
}
