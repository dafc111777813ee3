import Foundation
import TandemCore
import TandemStore

/// Changing an engagement: its screenings and their override, closing it, pausing its coaching-edge tools. Only its
/// holder, only while it is open; each change with its audit event on one transaction.
public struct Engagements: Sendable {
    let app: App

    /// Records a screening; a new screening lifts any pause (it decides the coaching-edge tools again).
    public func screen(_ draft: ScreeningDraft, in rawEngagement: String?, by actor: Account) async throws -> Screening {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Self.open(rawEngagement, for: actor, at: now, on: tx)
            let answers = try draft.validated()
            let screening = Screening(
                id: .init(), engagementID: item.engagement.id, answers: answers, outcome: Coachability.assess(answers), override: nil, screenedBy: actor.id,
                screenedAt: now
            )
            try await ScreeningStore.insert(screening, on: tx)
            try await EngagementStore.liftPause(item.engagement.id, on: tx)
            try await AuditStore.append(.engagement(.screeningRecorded, screening.id.description, type: "screening", by: actor.id, at: now), on: tx)
            return screening
        }
    }

    /// Overrides a screening of *coachable with care*, once, with a reason (`ScreeningOverride.check`).
    public func override(_ rawScreening: String?, result: String?, reason: String?, by actor: Account) async throws -> Screening {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let rawScreening, let id = Screening.ID(rawScreening), let screening = try await ScreeningStore.find(id, on: tx) else {
                throw TandemError.notFound("The screening")
            }
            let item = try await Self.writable(screening.engagementID.description, for: actor, at: now, on: tx)
            try await AuditStore.append(.engagement(.screeningViewed, id.description, type: "screening", by: actor.id, at: now), on: tx)
            try item.engagement.requireOpen()
            let (to, why) = try ScreeningOverride.check(screening, to: result, reason: reason)
            try await ScreeningStore.override(id, with: ScreeningOverride(result: to, reason: why, by: actor.id, at: now), on: tx)
            try await AuditStore.append(.engagement(.screeningOverridden, id.description, type: "screening", by: actor.id, at: now), on: tx)
            return try await ScreeningStore.find(id, on: tx) ?? screening
        }
    }

    public func close(_ rawEngagement: String?, by actor: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            let item = try await Self.open(rawEngagement, for: actor, at: now, on: tx)
            try await EngagementStore.close(item.engagement.id, at: now, on: tx)
            try await AuditStore.append(.engagement(.engagementClosed, item.engagement.id.description, by: actor.id, at: now), on: tx)
        }
    }

    /// The practitioner pauses the coaching-edge tools herself, with a reason, until she screens again.
    public func pause(_ rawEngagement: String?, reason: String?, by actor: Account) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            let item = try await Self.open(rawEngagement, for: actor, at: now, on: tx)
            let reason = try CoachingPause.validatedReason(reason)
            try await EngagementStore.pause(item.engagement.id, reason: reason, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .engagementPaused, entityType: "engagement", entityID: item.engagement.id.description), on: tx
            )
        }
    }

    /// An open engagement the actor holds.
    static func open(_ raw: String?, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementListItem {
        let item = try await Self.writable(raw, for: actor, at: now, on: tx)
        try item.engagement.requireOpen()
        return item
    }

    /// An engagement the actor holds (and so may write). Anyone who may not know it exists gets not-found, a reader
    /// gets forbidden; both refusals are audited (`engagement.view`, denied).
    static func writable(_ raw: String?, for actor: Account, at now: Date, on tx: Transaction) async throws -> EngagementListItem {
        guard let raw, let id = Engagement.ID(raw) else { throw TandemError.notFound("The engagement") }
        let denied = AuditEvent.engagement(.engagementViewed, id.description, by: actor.id, at: now, outcome: .denied)
        guard let item = try await EngagementStore.find(id, on: tx) else { throw Denial(events: [denied], error: .notFound("The engagement")) }
        switch EngagementAccess.of(item.engagement, clientPractitioner: item.clientPractitionerID, for: actor) {
        case .hidden: throw Denial(events: [denied], error: .notFound("The engagement"))
        case .read: throw Denial.readOnly(id, holder: item.practitionerName, actor: actor, at: now)
        case .write: return item
        }
    }
}
