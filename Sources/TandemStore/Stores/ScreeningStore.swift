import Foundation
import SQLKit
import TandemCore

/// Coachability screenings: dated, kept, newest first. A new screening lifts any pause of the coaching-edge tools.
public enum ScreeningStore {

    struct Row: Decodable {
        let id: UUID
        let engagementId: UUID
        let stability: String
        let functioning: String
        let followThrough: String
        let readiness: String
        let importance: Int
        let confidence: Int
        let directivePreference: String
        let safetyFlags: String
        let computedResult: String
        let reasons: String
        let safetyFlagged: Bool
        let overrideResult: String?
        let overrideReason: String?
        let overrideBy: UUID?
        let overrideAt: Date?
        let screenedBy: UUID
        let screenedAt: Date

        func screening(_ keys: Keyring) throws -> Screening {
            let table = "screenings"
            let answers = ScreeningAnswers(
                stability: try .stored(self.stability, table: table, column: "stability"),
                functioning: try .stored(self.functioning, table: table, column: "functioning"),
                followThrough: try .stored(self.followThrough, table: table, column: "follow_through"),
                readiness: try .stored(self.readiness, table: table, column: "readiness"), importance: self.importance,
                confidence: self.confidence,
                directivePreference: try .stored(self.directivePreference, table: table, column: "directive_preference"),
                safetyFlags: Set(
                    try keys.open(self.safetyFlags, Sealed.safetyFlags, row: self.id).split(separator: ",").map {
                        try SafetyFlag.stored(String($0), table: table, column: "safety_flags")
                    })
            )
            guard
                let reasons = try? JSONDecoder().decode(
                    [String].self, from: Data(try keys.open(self.reasons, Sealed.screeningReasons, row: self.id).utf8))
            else {
                throw StoreError.unexpected("screenings.reasons of \(self.id) is not a list of texts")
            }
            var override: ScreeningOverride?
            if let raw = self.overrideResult {
                guard let reason = try keys.open(self.overrideReason, Sealed.overrideReason, row: self.id), let by = self.overrideBy,
                    let at = self.overrideAt
                else {
                    throw StoreError.unexpected("screenings.override_reason, override_by or override_at of \(self.id) is missing for an override")
                }
                override = ScreeningOverride(
                    result: try .stored(raw, table: table, column: "override_result"), reason: reason, by: .init(by), at: at)
            }
            return Screening(
                id: .init(self.id), engagementID: .init(self.engagementId), answers: answers,
                outcome: ScreeningOutcome(
                    result: try .stored(self.computedResult, table: table, column: "computed_result"), reasons: reasons,
                    safetyFlagged: self.safetyFlagged
                ),
                override: override, screenedBy: .init(self.screenedBy), screenedAt: self.screenedAt
            )
        }
    }

    static let columns: SQLQueryString = """
        id, engagement_id, stability, functioning, follow_through, readiness, importance, confidence, directive_preference, safety_flags,
        computed_result, reasons, safety_flagged, override_result, override_reason, override_by, override_at, screened_by, screened_at
        """
    static let select: SQLQueryString = "SELECT \(Self.columns) FROM screenings"

    /// Inserts a screening (its answers, computed outcome and reasons) on the use case's transaction.
    public static func insert(_ screening: Screening, on tx: Transaction) async throws {
        let answers = screening.answers
        let outcome = screening.outcome
        let flags = SafetyFlag.allCases.filter { answers.safetyFlags.contains($0) }.map(\.rawValue).joined(separator: ",")
        let reasons = String(decoding: try JSONEncoder().encode(outcome.reasons), as: UTF8.self)
        try await tx.sql.raw(
            """
            INSERT INTO screenings (id, engagement_id, stability, functioning, follow_through, readiness, importance, confidence, directive_preference,
                                    safety_flags, computed_result, reasons, safety_flagged, screened_by, screened_at)
            VALUES (\(bind: screening.id.uuid), \(bind: screening.engagementID.uuid), \(bind: answers.stability.rawValue), \(bind: answers.functioning.rawValue),
                    \(bind: answers.followThrough.rawValue), \(bind: answers.readiness.rawValue), \(bind: answers.importance), \(bind: answers.confidence),
                    \(bind: answers.directivePreference.rawValue), \(bind: try tx.keys.seal(flags, Sealed.safetyFlags, row: screening.id.uuid)), \(bind: outcome.result.rawValue),
                    \(bind: try tx.keys.seal(reasons, Sealed.screeningReasons, row: screening.id.uuid)),
                    \(bind: outcome.safetyFlagged), \(bind: screening.screenedBy.uuid), \(bind: screening.screenedAt))
            """
        ).run()
    }

    public static func find(_ id: Screening.ID, on tx: Transaction) async throws -> Screening? {
        try await tx.sql.raw("\(Self.select) WHERE id = \(bind: id.uuid)").row(Row.self)?.screening(tx.keys)
    }

    /// Every screening of an engagement, newest first.
    public static func history(of engagement: Engagement.ID, on tx: Transaction) async throws -> [Screening] {
        try await tx.sql.raw("\(Self.select) WHERE engagement_id = \(bind: engagement.uuid) ORDER BY screened_at DESC, id").rows(Row.self).map {
            try $0.screening(tx.keys)
        }
    }

    /// The latest screening and how many of the engagement's sessions were completed since it (the re-screen rule),
    /// in one query: every view of an engagement asks both.
    /// The engagement's latest screening, on the use case's transaction (what decides the coaching-edge tools).
    public static func latest(of engagement: Engagement.ID, on tx: Transaction) async throws -> Screening? {
        try await tx.sql.raw(
            "SELECT \(Self.columns) FROM screenings WHERE engagement_id = \(bind: engagement.uuid) ORDER BY screened_at DESC, id LIMIT 1"
        )
        .row(Row.self)?.screening(tx.keys)
    }

    public static func latestWithSessionsSince(of engagement: Engagement.ID, on tx: Transaction) async throws -> (
        screening: Screening, sessionsSince: Int
    )? {
        struct Since: Decodable { let sessionsSince: Int }
        guard
            let row = try await tx.sql.raw(
                """
                SELECT \(Self.columns),
                    (SELECT COUNT(*) FROM sessions s
                     WHERE s.engagement_id = screenings.engagement_id AND s.status = 'completed' AND s.started_at >= screenings.screened_at) AS sessions_since
                FROM screenings WHERE engagement_id = \(bind: engagement.uuid) ORDER BY screened_at DESC, id LIMIT 1
                """
            ).first()
        else { return nil }
        return (try row.decoded(Row.self).screening(tx.keys), try row.decoded(Since.self).sessionsSince)
    }

    /// Records a therapist's override, on the use case's transaction. Only once: a second override of the same
    /// screening changes nothing.
    public static func override(_ id: Screening.ID, with override: ScreeningOverride, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE screenings SET override_result = \(bind: override.result.rawValue), override_reason = \(bind: try tx.keys.seal(override.reason, Sealed.overrideReason, row: id.uuid)),
                override_by = \(bind: override.by.uuid), override_at = \(bind: override.at)
            WHERE id = \(bind: id.uuid) AND override_result IS NULL
            """
        ).run()
    }
}
