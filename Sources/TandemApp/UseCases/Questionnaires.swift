import Foundation
import TandemCore
import TandemStore

/// Questionnaires answered in session or in the portal: scored by the instrument's definition, kept with every item
/// answer. A risk answer pauses the engagement's coaching-edge tools and raises a safety alert for its practitioner,
/// in the same transaction as the answer, whoever answered: this is the one place that rule is written.
public struct Questionnaires: Sendable {
    let app: App

    /// The instrument named, or a validation error listing the ones there are.
    public func instrument(_ raw: String?) throws -> Instrument {
        guard let instrument = self.app.instruments.instrument(raw) else {
            throw TandemError.invalid(
                "instrument", "instrument must be one of \(self.app.instruments.instruments.map(\.id).joined(separator: ", ")).")
        }
        return instrument
    }

    /// Records an administration in session, in an open engagement the actor holds; answers it with its reliable
    /// change against the engagement's first administration of the same instrument.
    public func record(
        instrument rawInstrument: String?, answers: [Int?], administeredAt: Date?, in engagement: Engagement.ID, by actor: Account
    ) async throws -> (MeasureResult, Instrument) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Engagements.writable(engagement, for: actor, at: now, on: tx)
            try item.engagement.requireOpen()
            let instrument = try self.instrument(rawInstrument)
            let score = try instrument.score(answers)
            if let at = administeredAt, at > now.addingTimeInterval(300) {
                throw TandemError.invalid("administeredAt", "administeredAt cannot be in the future.")
            }
            let administration = Administration(
                id: .init(), engagementID: item.engagement.id, instrumentID: instrument.id, answers: answers.map { $0! }, total: score.total,
                band: score.band, riskFlags: score.riskFlags.map(\.flag), respondent: .inSession, administeredAt: administeredAt ?? now,
                recordedBy: actor.id, recordedAt: now
            )
            let result = try await Self.keep(
                administration, score: score, instrument: instrument, risk: "", practitioner: item.engagement.practitionerID, on: tx)
            return (result, instrument)
        }
    }

    /// Records a questionnaire the client answered in the portal (the caller has checked it is assigned to them).
    public func answer(_ instrument: Instrument, answers: [Int?], by client: ClientAccount) async throws -> MeasureResult {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let item = try await EngagementStore.find(client.engagementID, on: tx) else { throw TandemError.notFound("Your engagement") }
            let score = try instrument.score(answers)
            let administration = Administration(
                id: .init(), engagementID: client.engagementID, instrumentID: instrument.id, answers: answers.map { $0! }, total: score.total,
                band: score.band, riskFlags: score.riskFlags.map(\.flag), respondent: .clientPortal, administeredAt: now, recordedBy: nil,
                recordedAt: now
            )
            return try await Self.keep(
                administration, score: score, instrument: instrument, risk: " Answered in the portal.", practitioner: item.engagement.practitionerID,
                on: tx
            )
        }
    }

    /// Inserts the administration with its audit event; with a risk answer, pauses coaching (with its own event) and
    /// alerts the practitioner. `risk` is added to the pause's reason after the instrument's messages.
    static func keep(
        _ a: Administration, score: MeasureScore, instrument: Instrument, risk: String, practitioner: Account.ID, on tx: Transaction
    ) async throws -> MeasureResult {
        try await MeasureStore.insert(a, on: tx)
        try await AuditStore.append(
            AuditEvent(at: a.recordedAt, actorID: a.recordedBy, action: .measureRecorded, entityType: "administration", entityID: a.id.description),
            on: tx
        )
        if !score.riskFlags.isEmpty {
            let reason = score.riskFlags.map(\.message).joined(separator: " ") + risk + " Screen again to lift the pause."
            try await EngagementStore.pause(a.engagementID, reason: reason, at: a.recordedAt, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: a.recordedAt, actorID: a.recordedBy, action: .engagementPaused, entityType: "engagement", entityID: a.engagementID.description
                ),
                on: tx
            )
            try await AlertStore.insert(
                Alert(
                    id: .init(), recipientID: practitioner, kind: .safety, engagementID: a.engagementID, createdAt: a.recordedAt, resolvedAt: nil,
                    administrationID: a.id),
                on: tx
            )
        }
        let history = try await MeasureStore.history(of: a.engagementID, instrument: instrument.id, on: tx)
        return MeasureResult.of(a, instrument: instrument, history: history)
    }
}
