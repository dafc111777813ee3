import Foundation
import Synchronization
import TandemStore
import Testing

@testable import TandemWeb

/// How many statements one request runs (BEGIN and COMMIT included), read from the statement log before and after
/// it: the figures of `Benchmarks/RESULTS.md` ("statements per request"). Each is held to a ceiling, so a change that
/// adds round trips to the hot routes fails here instead of only in a benchmark.
@Suite("Statements per request")
struct StatementCountTests {
    /// The hot routes and the most statements each may run. An audit event's append checks the chain's head it
    /// guessed in its own INSERT, so the chain costs no statement of its own (on PostgreSQL, its lock is one more).
    static let ceilings: [String: Int] = [
        "POST /api/v1/sessions/{id}/markers": 6,
        "GET /engagements/{id}": 15,  // + the open safety alerts shown on the page
        "GET /sessions/{id} (live)": 17,
        "GET /api/v1/sessions/{id}": 15,
    ]

    @Test("The marker POST, the engagement page and the live session run few statements")
    func counts() async throws {
        let log = StatementLog()
        let counted = LockedCounts()
        try await withApp(
            { b, _ in
                let (token, e) = try await SessionAPITests.engagement(b)
                let made = try await b.api(
                    .post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
                let s = try #require(made.json?["id"] as? String)
                _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
                // Warm: the first request of a kind may read what is remembered afterwards (the practice).
                _ = try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "insight"}"#)
                _ = try await b.get("/engagements/\(e)")
                _ = try await b.get("/sessions/\(s)")

                func measure(_ name: String, _ request: () async throws -> Void) async throws {
                    let before = log.executed
                    try await request()
                    counted.set(name, log.executed - before)
                }
                try await measure("POST /api/v1/sessions/{id}/markers") {
                    let answer = try await b.api(
                        .post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "affect", "namedBy": "client"}"#)
                    #expect(answer.status == .created)
                }
                try await measure("GET /engagements/{id}") {
                    let page = try await b.get("/engagements/\(e)")
                    #expect(page.status == .ok)
                }
                try await measure("GET /sessions/{id} (live)") {
                    let page = try await b.get("/sessions/\(s)")
                    #expect(page.status == .ok)
                }
                try await measure("GET /api/v1/sessions/{id}") {
                    let answer = try await b.api(.get, "/api/v1/sessions/\(s)", token: token)
                    #expect(answer.status == .ok)
                }
            }, statements: log)
        for (name, count) in counted.all.sorted(by: { $0.key < $1.key }) {
            print("statements: \(name) \(count)")
            let ceiling = try #require(Self.ceilings[name])
            #expect(count <= ceiling, "\(name) ran \(count) statements (at most \(ceiling))")
        }
        #expect(counted.all.count == Self.ceilings.count)
    }
}

final class LockedCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func set(_ name: String, _ count: Int) { self.counts.withLock { $0[name] = count } }
    var all: [String: Int] { self.counts.withLock { $0 } }
}
