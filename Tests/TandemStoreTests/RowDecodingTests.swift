import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

/// A stored value no Core type has is an error that names its table and column, never a default.
@Suite("Rows decode without guessing")
struct RowDecodingTests {
    @Test("An unknown role, status or kind names the table and column")
    func unknownValues() throws {
        #expect(try EngagementRole.stored("coaching", table: "engagements", column: "role") == .coaching)
        #expect(throws: StoreError.self) { try EngagementRole.stored("mentoring", table: "engagements", column: "role") }
        do {
            _ = try MarkerKind.stored("epiphany", table: "markers", column: "kind")
            Issue.record("an unknown marker kind was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("markers.kind"))
            #expect(error.description.contains("epiphany"))
        }
    }

    @Test("An agreement stored without its time is an error naming the columns, not the session's creation time", arguments: Backend.available)
    func agreementWithoutTime(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await SessionStoreTests.engagement(db)
            let session = SessionStoreTests.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(session, on: $0) }
            let keys = try db.keyring()
            let words = try keys.seal("Sleep", Sealed.agreementWords, row: session.id.uuid)
            let focus = try keys.seal("Evenings", Sealed.agreementFocus, row: session.id.uuid)
            try await db.sql.raw(
                """
                UPDATE sessions SET agreement_client_words = \(bind: words), agreement_focus = \(bind: focus), agreement_at = NULL
                WHERE id = \(bind: session.id.uuid)
                """
            ).run()
            do {
                _ = try await db.unit { try await SessionStore.find(session.id, on: $0) }
                Issue.record("an agreement without its time was read")
            } catch let error as StoreError {
                #expect(error.description.contains("sessions.agreement_focus or agreement_at"))
            }
        }
    }
}
