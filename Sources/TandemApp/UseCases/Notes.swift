import Foundation
import TandemCore
import TandemStore

/// A note with what its page shows about it: the session and the engagement it belongs to.
public struct NoteRecord: Sendable {
    public let note: ProgressNote
    public let context: SessionContext
    /// The names and licences of who signed and who reviewed it, for the signature block.
    public var people: [Account.ID: (name: String, licence: String?)] = [:]
    public var canWrite: Bool { self.context.canRecord }

    /// Who signed it and their licence.
    public var signer: (name: String, licence: String?)? { self.note.signature.flatMap { self.people[$0.by] } }
}

/// The notes Today lists: to sign, returned by a supervisor, awaiting her co-signature.
public struct NotesToDo: Sendable {
    public var unsigned: (notes: [UnsignedNote], total: Int) = ([], 0)
    public var returned: (notes: [ListedNote], total: Int) = ([], 0)
    public var awaiting: (notes: [ListedNote], total: Int) = ([], 0)
}

/// A signed note in a list: its session and the name of who holds it.
public struct ListedNote: Sendable {
    public let item: SessionListItem
    public let noteID: ProgressNote.ID
    public let practitionerName: String
}

/// One ended session still without a signed note, for Today.
public struct UnsignedNote: Sendable {
    public let item: SessionListItem
    public let hasDraft: Bool
}

/// The note of record: drafted from an ended session's record, edited, signed and locked, then only amended by
/// signed addenda. Access through the engagement (its holder writes, the owner and the client's practitioner read);
/// every read and write audited in its transaction.
public struct Notes: Sendable {
    let app: App

    /// Drafts the session's note in `format` from its record (replacing an unsigned draft). Refused once signed.
    public func draft(_ session: Session.ID, format rawFormat: String?, by actor: Account) async throws -> NoteRecord {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            let context = try await Sessions.readable(session, for: actor, need: .write, at: now, on: tx)
            guard context.session.status == .completed else {
                throw TandemError.conflict(code: .sessionNotCompleted, message: "A note is drafted from an ended session: end the session first.")
            }
            let format = try NoteFormat.validated(rawFormat)
            if let existing = try await NoteStore.note(forSession: session, on: tx) { try existing.requireDraft() }
            let record = try await Sessions.record(of: context, on: tx)
            let source = try await Self.source(of: record, library: library, zone: actor.sessionDefaults.zone, on: tx)
            let note = ProgressNote(
                id: .init(), sessionID: session, engagementID: context.session.engagementID, authorID: actor.id, format: format,
                sections: NoteDrafter.draft(source, format: format), createdAt: now, updatedAt: now, signature: nil, addenda: [])
            try await NoteStore.saveDraft(note, on: tx)
            try await AuditStore.append(.engagement(.noteDrafted, note.id.description, type: "note", by: actor.id, at: now), on: tx)
            return NoteRecord(note: note, context: context)
        }
    }

    /// The session's note, if one was drafted. Audited.
    public func forSession(_ session: Session.ID, for actor: Account) async throws -> NoteRecord? {
        let now = self.app.now
        return try await self.app.unit { tx in
            let context = try await Sessions.readable(session, for: actor, need: .read, at: now, on: tx)
            guard let note = try await NoteStore.note(forSession: session, on: tx) else { return nil }
            try await AuditStore.append(.engagement(.noteViewed, note.id.description, type: "note", by: actor.id, at: now), on: tx)
            return NoteRecord(note: note, context: context)
        }
    }

    /// A note by its id. Audited.
    public func note(_ id: ProgressNote.ID, for actor: Account) async throws -> NoteRecord {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (note, context) = try await Self.readable(id, for: actor, need: .read, at: now, on: tx)
            try await AuditStore.append(.engagement(.noteViewed, note.id.description, type: "note", by: actor.id, at: now), on: tx)
            return try await Self.withPeople(NoteRecord(note: note, context: context), on: tx)
        }
    }

    /// The record with the names and licences of its signer and its reviewers, for the signature block.
    static func withPeople(_ record: NoteRecord, on tx: Transaction) async throws -> NoteRecord {
        var record = record
        let ids = Set([record.note.signature?.by].compactMap { $0 } + record.note.reviews.map(\.supervisorID))
        for id in ids {
            guard let person = try await AccountStore.find(id, on: tx) else { continue }
            record.people[id] = (person.name, person.licence)
        }
        return record
    }

    /// Her edits of a draft, section by section. Refused once signed (`note_signed`).
    public func edit(_ id: ProgressNote.ID, sections: [NoteSection]?, by actor: Account) async throws -> NoteRecord {
        try await self.edit(id, by: actor) { _ in sections }
    }

    /// Her edits of a draft as the page's form sends them: each section's text, in the note's own order.
    public func edit(_ id: ProgressNote.ID, texts: [String?], by actor: Account) async throws -> NoteRecord {
        try await self.edit(id, by: actor) { note in zip(note.format.titles, texts).map { NoteSection(title: $0, text: $1 ?? "") } }
    }

    private func edit(_ id: ProgressNote.ID, by actor: Account, sections: @escaping @Sendable (ProgressNote) -> [NoteSection]?) async throws
        -> NoteRecord
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (note, context) = try await Self.readable(id, for: actor, need: .write, at: now, on: tx)
            try note.requireDraft()
            let edited = try ProgressNote.validated(sections: sections(note), format: note.format)
            try await NoteStore.updateDraft(id, sections: edited, at: now, on: tx)
            try await AuditStore.append(.engagement(.noteEdited, id.description, type: "note", by: actor.id, at: now), on: tx)
            return NoteRecord(note: note.edited(edited, at: now), context: context)
        }
    }

    /// Signs the draft as it stands: signer, time and the SHA-256 of exactly what was signed; locked from then on.
    public func sign(_ id: ProgressNote.ID, by actor: Account) async throws -> NoteRecord {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (note, context) = try await Self.readable(id, for: actor, need: .write, at: now, on: tx)
            try note.requireDraft()
            let content = ProgressNote.signedContent(
                id: id, session: note.sessionID, format: note.format, sections: note.sections, signer: actor.id, at: now)
            let signed = note.signed(.init(by: actor.id, at: now, contentSha256: NoteStore.sha256(content)))
            try await NoteStore.sign(signed, on: tx)
            try await AuditStore.append(.engagement(.noteSigned, id.description, type: "note", by: actor.id, at: now), on: tx)
            return NoteRecord(note: signed, context: context)
        }
    }

    /// A signed addendum to a signed note; the note itself stays as signed.
    public func addAddendum(_ id: ProgressNote.ID, text: String?, by actor: Account) async throws -> NoteAddendum {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (note, _) = try await Self.readable(id, for: actor, need: .write, at: now, on: tx)
            guard note.signature != nil else {
                throw TandemError.conflict(code: .noteNotSigned, message: "This note is still a draft: edit it, or sign it and then add an addendum.")
            }
            let text = try NoteAddendum.validated(text)
            let addendumID = NoteAddendum.ID()
            let content = NoteAddendum.signedContent(id: addendumID, note: id, text: text, signer: actor.id, at: now)
            let addendum = NoteAddendum(
                id: addendumID, noteID: id, text: text, signature: .init(by: actor.id, at: now, contentSha256: NoteStore.sha256(content)))
            try await NoteStore.addAddendum(addendum, on: tx)
            try await AuditStore.append(
                .engagement(.noteAddendumRecorded, addendumID.description, type: "note-addendum", by: actor.id, at: now), on: tx)
            return addendum
        }
    }

    /// Today's notes: her ended sessions with no signed note yet, her notes a supervisor returned, and (for a
    /// supervisor) her supervisees' notes awaiting co-signature; each oldest first (at most `limit`) with how many
    /// there are. One transaction, audited as a list of sessions (the clients' names are shown).
    public func toDo(for actor: Account, limit: Int = 10) async throws -> NotesToDo {
        let now = self.app.now
        return try await self.app.unit { tx in
            var toDo = NotesToDo()
            if actor.writesClinical {
                let (items, drafts, total) = try await SessionStore.withoutSignedNote(of: actor.id, limit: limit, on: tx)
                toDo.unsigned = (items.map { UnsignedNote(item: $0, hasDraft: drafts.contains($0.session.id)) }, total)
                toDo.returned = try await Self.named(try await NoteStore.returned(to: actor.id, limit: limit, on: tx), on: tx)
            } else {
                toDo.awaiting = try await Self.named(try await NoteStore.awaitingCosignature(by: actor.id, limit: limit, on: tx), on: tx)
            }
            let shown = toDo.unsigned.notes.count + toDo.returned.notes.count + toDo.awaiting.notes.count
            if shown > 0 {
                try await AuditStore.append(
                    AuditEvent(
                        at: now, actorID: actor.id, action: .sessionsListed, entityType: "session",
                        detail: "notes to sign \(toDo.unsigned.notes.count), returned \(toDo.returned.notes.count), "
                            + "awaiting co-signature \(toDo.awaiting.notes.count)"),
                    on: tx)
            }
            return toDo
        }
    }

    /// Listed notes with their practitioners' names.
    static func named(_ list: ([NoteStore.Listed], Int), on tx: Transaction) async throws -> ([ListedNote], Int) {
        var names: [Account.ID: String] = [:]
        for id in Set(list.0.map(\.item.practitionerID)) { names[id] = try await AccountStore.find(id, on: tx)?.name }
        return (list.0.map { ListedNote(item: $0.item, noteID: $0.note, practitionerName: names[$0.item.practitionerID] ?? "") }, list.1)
    }

    /// A supervisor's decision on a signed note of her supervisee: she co-signs it, or returns it with a comment.
    /// Whoever else may read the note is refused (forbidden); whoever may not is told it does not exist.
    public func review(_ id: ProgressNote.ID, decision: String?, comment: String?, by actor: Account) async throws -> NoteRecord {
        let now = self.app.now
        return try await self.app.unit { tx in
            let (note, context) = try await Self.readable(id, for: actor, need: .read, at: now, on: tx)
            guard actor.supervises(note.authorID) else {
                throw TandemError.forbidden("Only a supervisor of the note's author co-signs it or returns it.")
            }
            try note.requireCosignable()
            let (decision, comment) = try NoteReview.validated(decision: decision, comment: comment)
            let reviewID = NoteReview.ID()
            let content = NoteReview.signedContent(id: reviewID, note: note, decision: decision, comment: comment, supervisor: actor.id, at: now)
            let review = NoteReview(
                id: reviewID, noteID: id, supervisorID: actor.id, decision: decision, comment: comment, contentSha256: NoteStore.sha256(content),
                at: now)
            try await NoteStore.addReview(review, on: tx)
            let action: AuditAction = decision == .cosigned ? .noteCosigned : .noteReturned
            try await AuditStore.append(.engagement(action, id.description, type: "note", by: actor.id, at: now), on: tx)
            return try await Self.withPeople(NoteRecord(note: note.reviewed(review), context: context), on: tx)
        }
    }

    /// The note and its session if the actor may see (or write) them; else not-found, audited as a denied view.
    static func readable(_ id: ProgressNote.ID, for actor: Account, need: Engagements.Need, at now: Date, on tx: Transaction) async throws
        -> (ProgressNote, SessionContext)
    {
        guard let note = try await NoteStore.note(id, on: tx) else { throw TandemError.notFound("The note") }
        do {
            return (note, try await Sessions.readable(note.sessionID, for: actor, need: need, at: now, on: tx))
        } catch let denial as Denial where denial.error.isNotFound {
            let denied = AuditEvent.engagement(.noteViewed, id.description, type: "note", by: actor.id, at: now, outcome: .denied)
            throw Denial(events: denial.events + [denied], error: .notFound("The note"))
        }
    }

    /// What the drafter reads: the record, the steps reviewed in this session, and the questionnaires given during it.
    static func source(of r: SessionRecord, library: InstrumentLibrary, zone: TimeZone, on tx: Transaction) async throws -> NoteSource {
        let session = r.context.session
        var measures: [NoteSource.Measure] = []
        if let start = session.startedAt, let end = session.endedAt {
            let all = try await MeasureStore.forEngagement(session.engagementID, on: tx)
            for a in all where a.administeredAt >= start && a.administeredAt <= end {
                guard let instrument = library.instrument(a.instrumentID) else { continue }
                let history = all.filter { $0.instrumentID == a.instrumentID }.sorted { $0.administeredAt < $1.administeredAt }
                let result = MeasureResult.of(a, instrument: instrument, history: history)
                let baseline = history.first.flatMap { $0.id == a.id ? nil : $0.total }
                measures.append(
                    .init(instrument: instrument.shortName, total: a.total, band: a.band, baseline: baseline, change: result.reliableChange))
            }
        }
        return NoteSource(
            session: session, markers: r.markers, redirects: r.redirects, questions: r.questionsAsked.map { ($0.1.purpose, $0.1.text) },
            takeaways: r.takeaways, newSteps: r.actionSteps, reviewedSteps: r.actionStepsToReview.filter { $0.review?.sessionID == session.id },
            measures: measures, zone: zone)
    }
}
