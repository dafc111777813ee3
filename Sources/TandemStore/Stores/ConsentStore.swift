import Foundation
import SQLKit
import TandemCore

/// Consent to the coaching edge: the practice's versioned text, and each engagement's consents (the latest stands,
/// copied onto the engagement row).
public enum ConsentStore {
    /// The practice's current consent text (the highest version).
    public static func currentText(on tx: Transaction) async throws -> ConsentText {
        struct Row: Decodable {
            let version: Int
            let text: String
        }
        guard
            let row = try await tx.sql.raw("SELECT version, text FROM consent_texts WHERE version = (SELECT MAX(version) FROM consent_texts)").row(
                Row.self)
        else {
            throw StoreError.unexpected("consent_texts holds no text")
        }
        return ConsentText(version: row.version, text: row.text)
    }

    /// A new version of the text; answers it.
    public static func addText(_ text: String, by owner: Account.ID, at now: Date, on tx: Transaction) async throws -> ConsentText {
        let version = try await Self.currentText(on: tx).version + 1
        try await tx.run(
            """
            INSERT INTO consent_texts (version, text, created_at, created_by)
            VALUES (\(bind: version), \(bind: text), \(bind: now), \(bind: owner.uuid))
            """)
        return ConsentText(version: version, text: text)
    }

    /// Records a consent and makes it the engagement's standing one.
    public static func give(
        _ engagement: Engagement.ID, version: Int, method: ConsentMethod, typedName: String?, agreedOn: LocalDate, recordedBy: Account.ID?,
        at now: Date, on tx: Transaction
    ) async throws {
        let id = UUID()
        try await tx.run(
            """
            INSERT INTO consents (id, engagement_id, text_version, method, typed_name, agreed_on, recorded_by, recorded_at)
            VALUES (\(bind: id), \(bind: engagement.uuid), \(bind: version), \(bind: method.rawValue),
                    \(bind: try tx.keys.seal(typedName, Sealed.consentName, row: id)), \(bind: agreedOn.description), \(bind: recordedBy?.uuid),
                    \(bind: now))
            """)
        try await tx.run(
            """
            UPDATE engagements SET consent_version = \(bind: version), consent_method = \(bind: method.rawValue), consent_at = \(bind: now),
                consent_withdrawn_at = NULL WHERE id = \(bind: engagement.uuid)
            """)
    }

    /// Withdraws the engagement's standing consent (the record of it stays, marked withdrawn).
    public static func withdraw(_ engagement: Engagement.ID, at now: Date, on tx: Transaction) async throws {
        try await tx.run(
            """
            UPDATE consents SET withdrawn_at = \(bind: now) WHERE engagement_id = \(bind: engagement.uuid) AND withdrawn_at IS NULL
            """)
        try await tx.run("UPDATE engagements SET consent_withdrawn_at = \(bind: now) WHERE id = \(bind: engagement.uuid)")
    }
}
