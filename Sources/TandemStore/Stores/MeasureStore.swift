import Foundation
import SQLKit
import TandemCore

/// Questionnaire administrations. Permanent once recorded. A risk answer pauses the engagement's coaching-edge tools
/// and alerts its practitioner in the same transaction, so it can never be saved silently.
public struct MeasureStore: Sendable {
    let database: TandemDatabase

    public init(_ database: TandemDatabase) { self.database = database }

    struct Row: Decodable {
        let id: UUID
        let engagementId: UUID
        let instrumentId: String
        let answers: String
        let total: Int
        let band: String
        let riskFlags: String
        let respondent: String
        let administeredAt: Date
        let recordedBy: UUID?
        let recordedAt: Date

        var administration: Administration {
            Administration(
                id: .init(self.id), engagementID: .init(self.engagementId), instrumentID: self.instrumentId,
                answers: (try? JSONDecoder().decode([Int].self, from: Data(self.answers.utf8))) ?? [], total: self.total, band: self.band,
                riskFlags: self.riskFlags.split(separator: ",").map(String.init), respondent: Respondent(rawValue: self.respondent) ?? .inSession,
                administeredAt: self.administeredAt, recordedBy: self.recordedBy.map { .init($0) }, recordedAt: self.recordedAt
            )
        }
    }

    /// Records an administration. With `risk`, in the same transaction: the engagement's coaching-edge tools pause
    /// with that reason and `alertFor` gets a safety alert.
    public func record(_ a: Administration, risk: String?, alertFor practitioner: Account.ID) async throws {
        let answers = String(decoding: try JSONEncoder().encode(a.answers), as: UTF8.self)
        try await self.database.transaction { db in
            try await db.raw("""
                INSERT INTO administrations (id, engagement_id, instrument_id, answers, total, band, risk_flags, respondent, administered_at, recorded_by, recorded_at)
                VALUES (\(bind: a.id.uuid), \(bind: a.engagementID.uuid), \(bind: a.instrumentID), \(bind: answers), \(bind: a.total), \(bind: a.band),
                        \(bind: a.riskFlags.joined(separator: ",")), \(bind: a.respondent.rawValue), \(bind: a.administeredAt), \(bind: a.recordedBy?.uuid),
                        \(bind: a.recordedAt))
                """).run()
            try await AuditStore.insert(
                AuditEvent(at: a.recordedAt, actorID: a.recordedBy, action: .measureRecorded, entityType: "administration", entityID: a.id.description), on: db
            )
            if let risk {
                try await EngagementStore(self.database).pause(a.engagementID, reason: risk, by: a.recordedBy, at: a.recordedAt, on: db)
                try await AlertStore.insert(
                    Alert(id: .init(), recipientID: practitioner, kind: .safety, engagementID: a.engagementID, createdAt: a.recordedAt, resolvedAt: nil), on: db
                )
            }
        }
    }

    static let select: SQLQueryString = """
        SELECT id, engagement_id, instrument_id, answers, total, band, risk_flags, respondent, administered_at, recorded_by, recorded_at FROM administrations
        """

    /// Every administration of an engagement, oldest first.
    public func forEngagement(_ id: Engagement.ID) async throws -> [Administration] {
        try await self.database.sql.raw("\(Self.select) WHERE engagement_id = \(bind: id.uuid) ORDER BY administered_at, recorded_at, id")
            .rows(Row.self).map(\.administration)
    }
}
