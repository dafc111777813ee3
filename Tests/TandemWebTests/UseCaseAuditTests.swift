import Foundation
import Logging
import Synchronization
import TandemCore
import TandemStore
import Testing

@testable import TandemWeb

/// The live records' use cases write the record and its audit event in one transaction; a refusal leaves its audit
/// event and nothing else.
@Suite("Use cases and their audit events")
struct UseCaseAuditTests {
    @Test("A marker, the agreement and the session's steps land with their events; a colleague's redirect is refused, audited, and not stored")
    func liveRecords() async throws {
        let ids = LockedCounts()
        let recorded = StringBox()
        try await withApp(
            { b, _ in
                let (token, e) = try await SessionAPITests.engagement(b)
                let made = try await b.api(
                    .post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
                let s = try #require(made.json?["id"] as? String)
                _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
                let marker = try await b.api(
                    .post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "strength", "text": "Kept her ground"}"#)
                #expect(marker.status == .created)
                recorded.set("marker", try #require(marker.json?["id"] as? String))
                recorded.set("session", s)
                recorded.set("engagement", e)
                let agreed = try await b.api(
                    .put, "/api/v1/sessions/\(s)/agreement", token: token, json: #"{"clientWords": "Stop dreading Mondays", "focus": "Sundays"}"#)
                #expect(agreed.status == .ok)
                #expect(try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "work"}"#).status == .ok)
                #expect(try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token).status == .ok)
                // Ben, a colleague, is refused with not-found.
                try await b.signOut()
                _ = try await b.signIn("ben@example.org")
                let ben = try await b.createToken()
                let refused = try await b.api(.post, "/api/v1/sessions/\(s)/redirects", token: ben, json: #"{"note": "Ben was here"}"#)
                #expect(refused.status == .notFound)
                ids.set("done", 1)
            },
            afterwards: { location in
                let db = try await TandemDatabase.open(location, keys: KeySource.beside(location), logger: Logger(label: "audit"))
                let marker = try await db.unit { try await AuditStore.events(entityType: "marker", entityID: recorded.get("marker"), on: $0) }
                #expect(marker.map(\.action) == [.markerRecorded])
                let session = try await db.unit { try await AuditStore.events(entityType: "session", entityID: recorded.get("session"), on: $0) }
                let allowed = session.filter { $0.outcome == .allowed }.map(\.action).filter { $0 != .sessionViewed }
                #expect(allowed == [.sessionScheduled, .sessionStarted, .agreementRecorded, .sessionPhaseChanged, .sessionEnded])
                #expect(session.contains { $0.action == .sessionViewed && $0.outcome == .denied }, "the colleague's attempt is audited")
                let engagement = try await db.unit {
                    try await AuditStore.events(entityType: "engagement", entityID: recorded.get("engagement"), on: $0)
                }
                #expect(engagement.contains { $0.action == .engagementViewed && $0.outcome == .denied })
                let all = try await db.unit { try await AuditStore.page(before: nil, limit: 10_000, on: $0) }.map(\.event.action)
                #expect(all.filter { $0 == .screeningRecorded }.count == 1, "the screening's use case audits it")
                let id = try #require(Session.ID(recorded.get("session")))
                #expect(try await db.unit { try await LiveRecordStore.markers(of: id, on: $0) }.map(\.text) == ["Kept her ground"])
                #expect(try await db.unit { try await LiveRecordStore.redirects(of: id, on: $0) }.isEmpty, "the refused redirect left no row")
                try await db.close()
            })
        #expect(ids.all["done"] == 1)
    }
}

final class StringBox: Sendable {
    private let values = Mutex<[String: String]>([:])
    func set(_ key: String, _ value: String) { self.values.withLock { $0[key] = value } }
    func get(_ key: String) -> String { self.values.withLock { $0[key] ?? "" } }
}
