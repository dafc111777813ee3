import Foundation
import SQLKit
import TandemCore

/// Questionnaire administrations. Permanent once recorded. (The risk rule, pausing coaching and alerting the
/// practitioner with the answer, is the use case's: `TandemApp.Questionnaires`.)
public enum MeasureStore {

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

        func administration(_ keys: Keyring) throws -> Administration {
            let list = try keys.open(self.answers, Sealed.answers, row: self.id)
            guard let answers = try? JSONDecoder().decode([Int].self, from: Data(list.utf8)) else {
                throw StoreError.unexpected("administrations.answers of \(self.id) is not a list of whole numbers")
            }
            return Administration(
                id: .init(self.id), engagementID: .init(self.engagementId), instrumentID: self.instrumentId, answers: answers, total: self.total,
                band: try keys.open(self.band, Sealed.band, row: self.id),
                riskFlags: try keys.open(self.riskFlags, Sealed.riskFlags, row: self.id).split(separator: ",").map(String.init),
                respondent: try .stored(self.respondent, table: "administrations", column: "respondent"), administeredAt: self.administeredAt,
                recordedBy: self.recordedBy.map { .init($0) }, recordedAt: self.recordedAt
            )
        }
    }

    /// Inserts an administration on the use case's transaction (its audit event and any pause are the use case's).
    public static func insert(_ a: Administration, on tx: Transaction) async throws {
        let answers = String(decoding: try JSONEncoder().encode(a.answers), as: UTF8.self)
        try await tx.sql.raw(
            """
            INSERT INTO administrations (id, engagement_id, instrument_id, answers, total, band, risk_flags, respondent, administered_at, recorded_by, recorded_at)
            VALUES (\(bind: a.id.uuid), \(bind: a.engagementID.uuid), \(bind: a.instrumentID), \(bind: try tx.keys.seal(answers, Sealed.answers, row: a.id.uuid)), \(bind: a.total),
                    \(bind: try tx.keys.seal(a.band, Sealed.band, row: a.id.uuid)),
                    \(bind: try tx.keys.seal(a.riskFlags.joined(separator: ","), Sealed.riskFlags, row: a.id.uuid)), \(bind: a.respondent.rawValue), \(bind: a.administeredAt), \(bind: a.recordedBy?.uuid),
                    \(bind: a.recordedAt))
            """
        ).run()
    }

    /// The engagement's administrations of one instrument, oldest first, on the use case's transaction.
    public static func history(of engagement: Engagement.ID, instrument: String, on tx: Transaction) async throws -> [Administration] {
        try await tx.sql.raw(
            """
            \(Self.select) WHERE engagement_id = \(bind: engagement.uuid) AND instrument_id = \(bind: instrument) ORDER BY administered_at, recorded_at, id
            """
        ).rows(Row.self).map { try $0.administration(tx.keys) }
    }

    static let select: SQLQueryString = """
        SELECT id, engagement_id, instrument_id, answers, total, band, risk_flags, respondent, administered_at, recorded_by, recorded_at FROM administrations
        """

    /// Every administration of an engagement, oldest first.
    public static func forEngagement(_ id: Engagement.ID, on tx: Transaction) async throws -> [Administration] {
        try await tx.sql.raw("\(Self.select) WHERE engagement_id = \(bind: id.uuid) ORDER BY administered_at, recorded_at, id")
            .rows(Row.self).map { try $0.administration(tx.keys) }
    }
}
