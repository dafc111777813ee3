import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import TandemCore
import Testing

@testable import TandemStore
@testable import TandemWeb

/// A supervisor reads her supervisees' records (never their psychotherapy notes), writes nothing clinical, and
/// co-signs their signed notes or returns them with a comment; every read is audited under her name.
@Suite("Supervision: a supervisor reads, co-signs or returns, and writes nothing clinical")
struct SupervisionTests {
    /// Maya's engagement with Jordan and a signed note of an ended session; Sue supervises Maya, Sid supervises Ben.
    static func practice(_ b: TestClient, _ clock: TestClock) async throws -> (
        maya: String, engagement: String, session: String, note: String, sue: String, sid: String
    ) {
        let (maya, e) = try await SessionAPITests.engagement(b)
        let (_, _, s) = try await NoteTests.endedSessionIn(b, clock, token: maya, engagement: e)
        let note = try #require(
            try await b.api(.post, "/api/v1/sessions/\(s)/note", token: maya, json: #"{"format": "DAP"}"#).json?["id"] as? String)
        #expect(try await b.api(.post, "/api/v1/notes/\(note)/sign", token: maya).status == .ok)
        try await b.addSupervisor("Sue Park", "sue@example.org", supervising: ["Maya Brooks"])
        try await b.addSupervisor("Sid Lee", "sid@example.org", supervising: ["Ben Ortiz"])
        _ = try await b.signIn("sid@example.org")
        let sid = try await b.createToken()
        b.cookies.withLock { $0 = [:] }
        _ = try await b.signIn("sue@example.org")
        let sue = try await b.createToken()
        return (maya, e, s, note, sue, sid)
    }

    @Test("She reads her supervisee's engagement, session, note and progress, audited as hers; not the psychotherapy note; no writes")
    func reads() async throws {
        try await withApp(
            { b, clock in
                let p = try await Self.practice(b, clock)
                _ = try await b.api(.put, "/api/v1/sessions/\(p.session)/psychotherapy-note", token: p.maya, json: #"{"text": "Kept apart"}"#)
                let client = try #require(try await b.api(.get, "/api/v1/engagements/\(p.engagement)", token: p.sue).json?["clientId"] as? String)
                for path in [
                    "/api/v1/engagements/\(p.engagement)", "/api/v1/sessions/\(p.session)", "/api/v1/notes/\(p.note)",
                    "/api/v1/engagements/\(p.engagement)/progress", "/api/v1/clients/\(client)",
                ] {
                    #expect(try await b.api(.get, path, token: p.sue).status == .ok, "Sue reads \(path)")
                    #expect(try await b.api(.get, path, token: p.sid).status == .notFound, "Sid, who supervises Ben, is not told \(path) exists")
                }
                #expect(try await b.api(.get, "/api/v1/sessions/\(p.session)/psychotherapy-note", token: p.sue).status == .notFound)
                for page in [
                    "/sessions/\(p.session)/psychotherapy-note", "/engagements/\(p.engagement)", "/sessions/\(p.session)", "/notes/\(p.note)",
                    "/engagements/\(p.engagement)/progress",
                ] {
                    let read = try await b.get(page)
                    #expect(read.status == .ok && !read.body.contains("Kept apart"), "Sue reads \(page), without the psychotherapy note")
                }
                #expect(try await b.get("/clients").body.contains("Jordan Avery"), "her supervisees' clients are in her list")
                #expect(try await b.get("/engagements").body.contains("Jordan Avery"), "and their engagements")
                // She writes nothing clinical: not a client of her own, not in her supervisee's records.
                let own = try await b.api(.post, "/api/v1/clients", token: p.sue, json: #"{"displayName": "Not mine to add"}"#)
                #expect(own.status == .forbidden)
                let writes: [(HTTPRequest.Method, String, String)] = [
                    (.post, "/api/v1/engagements/\(p.engagement)/sessions", #"{"scheduledAt": "2027-02-01T09:00:00Z"}"#),
                    (.post, "/api/v1/notes/\(p.note)/addenda", #"{"text": "A supervisor's addendum"}"#),
                    (.put, "/api/v1/sessions/\(p.session)/psychotherapy-note", #"{"text": "Overwritten"}"#),
                    (.post, "/api/v1/engagements/\(p.engagement)/consent", #"{"method": "inRoom"}"#),
                    (.patch, "/api/v1/clients/\(client)", #"{"displayName": "Renamed"}"#),
                ]
                for (method, path, body) in writes {
                    let answer = try await b.api(method, path, token: p.sue, json: body)
                    #expect([.forbidden, .notFound].contains(answer.status), "\(method) \(path) by the supervisor: \(answer.status)")
                }
                #expect(
                    try await b.api(.get, "/api/v1/sessions/\(p.session)/psychotherapy-note", token: p.maya).json?["text"] as? String == "Kept apart")
                try await b.get("/clients/new")
                #expect(try await b.post("/clients", ["displayName": "Not mine to add"]).status == .forbidden)
            },
            afterwards: { location in
                let db = try await TandemDatabase.open(location, keys: KeySource.beside(location), logger: Logger(label: "audit"))
                let sue = try #require(try await db.unit { try await AccountStore.credentials(email: "sue@example.org", on: $0) }?.account.id)
                let events = try await db.unit { try await AuditStore.page(before: nil, limit: 10_000, on: $0) }.map(\.event)
                let hers = events.filter { $0.actorID == sue && $0.outcome == .allowed }.map(\.action)
                for action in [AuditAction.engagementViewed, .sessionViewed, .noteViewed, .progressViewed, .clientViewed] {
                    #expect(hers.contains(action), "her \(action.rawValue) is audited under her name")
                }
                #expect(!hers.contains(.psychotherapyNoteViewed))
                #expect(events.contains { $0.actorID == sue && $0.action == .psychotherapyNoteViewed && $0.outcome == .denied })
                let clients = try await db.unit { tx in
                    try await ClientStore.list(scope: .practice, search: nil, status: nil, after: nil, limit: 100, on: tx).items.map(
                        \.client.displayName)
                }
                #expect(clients == ["Jordan Avery"], "the supervisor's attempts left no client")
            })
    }

    @Test("Co-sign: once, by a supervisor of the author; a return needs a comment, the author answers with an addendum, Today lists each")
    func cosign() async throws {
        try await withApp(
            { b, clock in
                let p = try await Self.practice(b, clock)
                let today = try await b.get("/today")
                #expect(today.body.contains("Awaiting co-signature (1)") && today.body.contains("/notes/\(p.note)"), "on her Today")
                #expect(today.body.contains("signed by Maya Brooks"))
                // Only a supervisor of the author: the author and the owner are refused, another supervisor is not told.
                #expect(try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: p.maya).status == .forbidden)
                #expect(try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: p.sid).status == .notFound)
                let bad = try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: p.sue, json: #"{"decision": "approve"}"#)
                #expect(bad.status == .unprocessableContent && SessionAPITests.error(bad).field == "decision")
                let bare = try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: p.sue, json: #"{"decision": "return"}"#)
                #expect(bare.status == .unprocessableContent && SessionAPITests.error(bare).field == "comment", "a return needs a comment")

                clock.advance(minutes: 10)
                let returned = try await b.api(
                    .post, "/api/v1/notes/\(p.note)/cosign", token: p.sue,
                    json: #"{"decision": "return", "comment": "Say what the plan is for the evenings."}"#)
                #expect(returned.status == .ok && returned.json?["cosignedAt"] is NSNull)
                let reviews = try #require(returned.json?["reviews"] as? [[String: Any]])
                #expect(reviews.count == 1 && reviews[0]["decision"] as? String == "returned")
                #expect(!(try await b.get("/today").body.contains("Awaiting co-signature")), "returned: no longer awaiting her")

                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("maya@example.org")
                let mine = try await b.get("/today")
                #expect(mine.body.contains("Returned by your supervisor (1)") && mine.body.contains("/notes/\(p.note)"))
                let page = try await b.get("/notes/\(p.note)")
                #expect(page.body.contains("Sue Park, LCSW-C 9, Maryland returned this note: Say what the plan is for the evenings."))
                clock.advance(minutes: 10)
                let answer = try await b.api(
                    .post, "/api/v1/notes/\(p.note)/addenda", token: p.maya, json: #"{"text": "Plan: phone off at ten, each evening."}"#)
                #expect(answer.status == .created)
                #expect(!(try await b.get("/today").body.contains("Returned by your supervisor")), "answered by the addendum")

                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("sue@example.org")
                #expect(try await b.get("/today").body.contains("Awaiting co-signature (1)"), "awaiting her again")
                // Co-signing on the page, as she would.
                let note = try await b.get("/notes/\(p.note)")
                #expect(note.body.contains("Your review as supervisor") && note.body.contains("Co-sign the note"))
                clock.advance(minutes: 10)
                let done = try await b.post("/notes/\(p.note)/review", ["decision": "cosign", "comment": "Agreed."])
                #expect(done.status == .seeOther)
                let after = try await b.get("/notes/\(p.note)")
                #expect(after.body.contains("Co-signed by Sue Park, LCSW-C 9, Maryland, supervisor") && after.body.contains("Comment: Agreed."))
                #expect(!after.body.contains("Your review as supervisor"), "no form once co-signed")
                #expect(!(try await b.get("/today").body.contains("Awaiting co-signature")))
                let json = try #require(try await b.api(.get, "/api/v1/notes/\(p.note)", token: p.sue).json)
                #expect(json["cosignedAt"] is String && (json["reviews"] as? [[String: Any]])?.count == 2)
                let again = try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: p.sue)
                #expect(again.status == .conflict && SessionAPITests.error(again).code == "note_cosigned")
                // The owner reads the note with its co-signature, and may not co-sign.
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("ruth@example.org")
                let ruth = try await b.createToken()
                #expect(try await b.api(.post, "/api/v1/notes/\(p.note)/cosign", token: ruth).status == .forbidden)
                // A draft cannot be co-signed.
                let (_, _, s2) = try await NoteTests.endedSessionIn(b, clock, token: p.maya, engagement: p.engagement)
                let draft = try #require(
                    try await b.api(.post, "/api/v1/sessions/\(s2)/note", token: p.maya, json: #"{"format": "SOAP"}"#).json?["id"] as? String)
                #expect(SessionAPITests.error(try await b.api(.post, "/api/v1/notes/\(draft)/cosign", token: p.sue)).code == "note_not_signed")
            },
            afterwards: { location in
                // The database keeps a review for good, and refuses a second co-signature whoever asks.
                let db = try await TandemDatabase.open(location, keys: KeySource.beside(location), logger: Logger(label: "reviews"))
                struct Review: Decodable {
                    let id: UUID
                    let noteId: UUID
                    let supervisorId: UUID
                }
                let rows: [Review] = try await db.unit { tx in
                    try await tx.sql.raw("SELECT id, note_id, supervisor_id FROM note_reviews").all(decoding: Review.self, with: snakeCaseRows)
                }
                #expect(rows.count == 2)
                let first = try #require(rows.first)
                await #expect(throws: (any Error).self) {
                    try await db.unit { tx in try await tx.sql.raw("UPDATE note_reviews SET comment = NULL WHERE id = \(bind: first.id)").run() }
                }
                await #expect(throws: (any Error).self) {
                    try await db.unit { tx in try await tx.sql.raw("DELETE FROM note_reviews WHERE id = \(bind: first.id)").run() }
                }
                await #expect(throws: (any Error).self) {
                    try await db.unit { tx in
                        try await tx.sql.raw(
                            """
                            INSERT INTO note_reviews (id, note_id, supervisor_id, decision, content_sha256, reviewed_at)
                            VALUES (\(bind: UUID()), \(bind: first.noteId), \(bind: first.supervisorId), 'cosigned', \(bind: String(repeating: "0", count: 64)), \(bind: Date()))
                            """
                        ).run()
                    }
                }
            })
    }

    @Test(
        "The owner assigns supervisees on the team page and on the command line's use case; only a supervisor supervises, only clinicians are supervised"
    )
    func assignment() async throws {
        try await withApp { b, _ in
            _ = try await SessionAPITests.engagement(b)
            try await b.addSupervisor("Sue Park", "sue@example.org", supervising: ["Maya Brooks", "Ben Ortiz"])
            _ = try await b.signIn("ruth@example.org")
            let team = try await b.get("/team")
            #expect(team.body.contains("Supervisor") && team.body.contains("Whom Sue Park supervises"))
            #expect(team.body.components(separatedBy: " checked>").count - 1 >= 2, "both ticked")
            // Maya is not a supervisor: naming her as one is refused, naming the supervisor as a supervisee too.
            let ids = team.body.matches(of: /name="supervises-([0-9a-f-]{36})-([0-9a-f-]{36})"/).map { (String($0.1), String($0.2)) }
            let (sue, maya) = try #require(ids.first)
            let refused = try await b.post("/team/supervision", ["supervisor": maya, "supervises-\(maya)-\(sue)": "on"])
            #expect(refused.status == .unprocessableContent)
            // A practitioner cannot open the team page's forms.
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("maya@example.org")
            try await b.get("/today")
            #expect(try await b.post("/team/supervision", ["supervisor": sue]).status == .forbidden)
            // Unticking ends the supervision: her lists are empty and Maya's records are hidden from her again.
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/team")
            #expect(try await b.post("/team/supervision", ["supervisor": sue]).status == .seeOther)
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("sue@example.org")
            #expect(!(try await b.get("/clients").body.contains("Jordan Avery")))
        }
    }
}
