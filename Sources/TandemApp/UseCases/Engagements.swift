import Foundation
import TandemCore
import TandemStore

/// Changing an engagement: its screenings and their override, closing it, pausing its coaching-edge tools. Only its
/// holder, only while it is open; each change with its audit event on one transaction.
public struct Engagements: Sendable {
    let app: App

    /// Opens an engagement for a client the actor owns (an active client), held by the actor or by a colleague she
    /// names, under the rule that keeps therapy and coaching apart (checked here and enforced by the schema).
    public func open(client: Client.ID, draft: EngagementDraft, practitionerID rawPractitioner: String?, by actor: Account) async throws
        -> EngagementView
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let client = try await ClientRecords.readable(client, for: actor, needEdit: true, action: .engagementOpened, at: now, on: tx)
            guard client.client.status == .active else {
                throw TandemError.conflict(
                    code: .clientDischarged,
                    message: "\(client.client.displayName) is discharged. Reopen the client's record before opening an engagement."
                )
            }
            var holder = actor
            if let raw = rawPractitioner?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, raw != actor.id.description {
                guard let id = Account.ID(raw), let colleague = try await AccountStore.find(id, on: tx), colleague.writesClinical else {
                    throw TandemError.invalid("practitionerId", "practitionerId must name a practitioner of this practice.")
                }
                holder = colleague
            }
            let (role, contract) = try draft.validated(today: LocalDate(now))
            let engagement = try await EngagementStore.open(
                client: client.client.id, practitioner: holder, role: role, contract: contract, at: now, on: tx)
            try await AuditStore.append(.engagement(.engagementOpened, engagement.id.description, by: actor.id, at: now), on: tx)
            return try await Self.fresh(engagement.id, for: actor, at: now, on: tx)
        }
    }

    /// Who may take an engagement of this actor's: her colleagues who practise (the form's "Held by").
    public func colleagues(of actor: Account) async throws -> [Account] {
        try await self.app.database.reading { tx in
            try await AccountStore.all(on: tx).filter { $0.id != actor.id && $0.role == .practitioner }
        }
    }

    /// The engagement a boundary record belongs to, if there is one (for the page an addendum's error returns to).
    public func engagement(of subject: BoundarySubject) async throws -> Engagement.ID? {
        try await self.app.database.reading { tx in try await BoundaryStore.engagement(of: subject, on: tx) }
    }

    /// Records a screening; a new screening lifts any pause (it decides the coaching-edge tools again).
    public func screen(_ draft: ScreeningDraft, in engagement: Engagement.ID, by actor: Account) async throws -> Screening {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Self.open(engagement, for: actor, at: now, on: tx)
            let answers = try draft.validated()
            let screening = Screening(
                id: .init(), engagementID: item.engagement.id, answers: answers, outcome: Coachability.assess(answers), override: nil,
                screenedBy: actor.id,
                screenedAt: now
            )
            try await ScreeningStore.insert(screening, on: tx)
            try await EngagementStore.liftPause(item.engagement.id, on: tx)
            try await AuditStore.append(.engagement(.screeningRecorded, screening.id.description, type: "screening", by: actor.id, at: now), on: tx)
            return screening
        }
    }

    /// Overrides a screening of *coachable with care*, once, with a reason (`ScreeningOverride.check`).
    public func override(_ id: Screening.ID, result: String?, reason: String?, by actor: Account) async throws -> Screening {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let screening = try await ScreeningStore.find(id, on: tx) else {
                throw TandemError.notFound("The screening")
            }
            let item = try await Self.writable(screening.engagementID, for: actor, at: now, on: tx)
            try await AuditStore.append(.engagement(.screeningViewed, id.description, type: "screening", by: actor.id, at: now), on: tx)
            try item.engagement.requireOpen()
            let (to, why) = try ScreeningOverride.check(screening, to: result, reason: reason)
            try await ScreeningStore.override(id, with: ScreeningOverride(result: to, reason: why, by: actor.id, at: now), on: tx)
            try await AuditStore.append(.engagement(.screeningOverridden, id.description, type: "screening", by: actor.id, at: now), on: tx)
            return try await ScreeningStore.find(id, on: tx) ?? screening
        }
    }

    /// Closes an open engagement the actor holds; answers it as it now stands.
    public func close(_ engagement: Engagement.ID, by actor: Account) async throws -> EngagementView {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Self.open(engagement, for: actor, at: now, on: tx)
            try await EngagementStore.close(item.engagement.id, at: now, on: tx)
            try await AuditStore.append(.engagement(.engagementClosed, item.engagement.id.description, by: actor.id, at: now), on: tx)
            return try await Self.fresh(item.engagement.id, for: actor, at: now, on: tx)
        }
    }

    /// The practitioner pauses the coaching-edge tools herself, with a reason, until she screens again.
    public func pause(_ engagement: Engagement.ID, reason: String?, by actor: Account) async throws -> EngagementView {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Self.open(engagement, for: actor, at: now, on: tx)
            let reason = try CoachingPause.validatedReason(reason)
            try await EngagementStore.pause(item.engagement.id, reason: reason, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .engagementPaused, entityType: "engagement", entityID: item.engagement.id.description),
                on: tx
            )
            return try await Self.fresh(item.engagement.id, for: actor, at: now, on: tx)
        }
    }

    /// The engagement as a write left it, read again on the write's transaction (the answer to the write).
    static func fresh(_ id: Engagement.ID, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementView {
        guard let item = try await EngagementStore.find(id, on: tx) else { throw TandemError.notFound("The engagement") }
        let access = EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: actor)
        return try await EngagementView.of(item, access: access, at: now, on: tx)
    }

    /// An open engagement the actor holds.
    static func open(_ id: Engagement.ID, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementListItem {
        let item = try await Self.writable(id, for: actor, at: now, on: tx)
        try item.engagement.requireOpen()
        return item
    }

    /// An engagement the actor holds (and so may write). Anyone who may not know it exists gets not-found, a reader
    /// gets forbidden; both refusals are audited (`engagement.view`, denied).
    static func writable(_ id: Engagement.ID, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementListItem {
        try await Self.access(id, for: actor, need: .write, at: now, on: tx).0
    }
}
