import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Synchronization
import TandemApp
import TandemStore
import Testing

@testable import TandemWeb

/// Proof of encryption at rest: distinct sentinel phrases written through every route that takes identifying or
/// clinical text are found by the people allowed to see them, on the page and in the API, and nowhere in the SQLite
/// file, its write-ahead log, a backup, a `pg_dump` of the PostgreSQL database, or the logs.
@Suite("Nothing in clear at rest")
struct SentinelTests {
    enum Backend: String, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { self.rawValue }
        static var available: [Backend] {
            (ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"] ?? "").isEmpty ? [.sqlite] : [.sqlite, .postgres]
        }
    }

    /// Distinct phrases, each written once: letters, digits and spaces only, so HTML escaping leaves them whole.
    final class Phrases: Sendable {
        let made = Mutex<[String]>([])
        /// Phrases no page shows: one a later write replaced (a marker's first text), and the portal sign-in email.
        let replaced = Mutex<Set<String>>([])
        func next(_ what: String, replaced: Bool = false) -> String {
            defer { if replaced, let last = self.made.withLock({ $0.last }) { self.replaced.withLock { _ = $0.insert(last) } } }
            let words = ["heron", "quillon", "marrow", "tansy", "ossify", "lumen", "vetch", "corbel"]
            return self.made.withLock { list in
                let n = list.count
                let phrase = "Zq\(what)\(n) \(words[n % words.count]) sentinel \(words[(n * 3 + 1) % words.count]) \(1000 + n * 37)"
                list.append(phrase)
                return phrase
            }
        }
    }

    @Test(
        "Sentinel phrases through every text route: seen by the people allowed, absent from the files, the backup and pg_dump",
        arguments: Backend.available)
    func nothingInClear(backend: Backend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sentinel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let logs = LogCapture()
        var configuration = AppConfiguration()
        configuration.bcryptCost = 4
        let clock = TestClock()
        configuration.now = { clock.now }
        var postgres: (admin: TandemDatabase, name: String, url: String)?
        switch backend {
        case .sqlite:
            configuration.database = .dataDirectory(folder.path)
        case .postgres:
            let base = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"]!
            let name = "tandem_sentinel_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
            let admin = try await TandemDatabase.open(.postgres(url: base, poolSize: 1), keys: nil, logger: Logger(label: "admin"), migrate: false)
            try await admin.sql.raw("CREATE DATABASE \(ident: String(name))").run()
            var components = URLComponents(string: base)!
            components.path = "/" + name
            postgres = (admin, String(name), components.string!)
            configuration.database = .postgres(url: components.string!, poolSize: 2)
            configuration.keys = .file(folder.appendingPathComponent("tandem.key").path)
        }
        defer {
            if let postgres {
                let admin = postgres.admin
                let name = postgres.name
                Task {
                    try? await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: name)").run()
                    try? await admin.close()
                }
            }
        }
        let phrases = Phrases()
        let seen = Phrases()
        let app = try await buildApplication(configuration, logger: logs.logger)
        let location = configuration.database
        let keys = configuration.keys
        let files = Mutex<[String: Data]>([:])
        try await app.test(.router) { client in
            let b = TestClient(client)
            try await Self.writeAndRead(b, clock: clock, phrases: phrases, seen: seen)
            // While the server runs: the database file and its log as they are on disk, and a backup taken now.
            if case .sqlite(let path) = location {
                let db = try await TandemDatabase.open(
                    location, keys: keys ?? KeySource.beside(location), logger: Logger(label: "backup"), create: false)
                let backup = folder.appendingPathComponent("backup.sqlite").path
                try await db.backup(to: backup)
                try await db.close()
                for file in [path, path + "-wal", backup] {
                    files.withLock { $0[file] = FileManager.default.contents(atPath: file) ?? Data() }
                }
            }
        }
        if let postgres {
            let dump = Process()
            dump.executableURL = URL(fileURLWithPath: "/usr/bin/pg_dump")
            dump.arguments = ["--no-owner", postgres.url]
            let out = Pipe()
            dump.standardOutput = out
            try dump.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            dump.waitUntilExit()
            #expect(dump.terminationStatus == 0)
            #expect(data.count > 10_000, "a real dump: \(data.count) bytes")
            files.withLock { $0["pg_dump"] = data }
        }
        let written = phrases.made.withLock { $0 }
        #expect(written.count >= 28, "every text route wrote its phrase: \(written.count)")
        let pages = seen.made.withLock { $0 }.joined(separator: "\n")
        for phrase in written where !phrases.replaced.withLock({ $0.contains(phrase) }) {
            #expect(pages.contains(phrase), "the person allowed sees \(phrase)")
        }
        let everything = files.withLock { $0 }
        #expect(!everything.isEmpty)
        for (file, data) in everything {
            if !file.hasSuffix("-wal") {
                // The scan finds what is stored in clear: a practitioner's email (staff, not clinical) is.
                #expect(data.range(of: Data("maya@example.org".utf8)) != nil, "the control value is found in \(file)")
            }
            for phrase in written {
                // The phrase, lower-cased, and its first word (long enough not to turn up in random ciphertext).
                let first = String(phrase.split(separator: " ")[0])
                for form in [phrase, phrase.lowercased()] + (first.count >= 8 ? [first] : []) {
                    #expect(data.range(of: Data(form.utf8)) == nil, "\(form) is not in \(file)")
                }
            }
        }
        let logged = logs.lines.withLock { $0 }.joined(separator: "\n")
        for phrase in written { #expect(!logged.contains(phrase), "\(phrase) is not in the logs") }
    }

    /// Writes a phrase through each route that takes text, then reads each back as its practitioner or client.
    static func writeAndRead(_ b: TestClient, clock: TestClock, phrases p: Phrases, seen: Phrases) async throws {
        func keep(_ text: String) { seen.made.withLock { $0.append(text) } }
        func api(_ method: HTTPRequest.Method, _ path: String, _ token: String, _ json: [String: Any]) async throws -> [String: Any]? {
            let body = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
            let answer = try await b.api(method, path, token: token, json: body)
            #expect(answer.status.code < 300, "\(method) \(path): \(answer.status) \(answer.json ?? [:])")
            return answer.json
        }
        let (token, client) = try await EngagementTests.maya(b)
        _ = try await api(
            .patch, "/api/v1/clients/\(client)", token,
            ["displayName": p.next("Name"), "email": "zqmail\(UUID().uuidString.prefix(6).lowercased())@example.org", "phone": "+44 7700 900461"])
        let email = try #require(try await b.api(.get, "/api/v1/clients/\(client)", token: token).json?["email"] as? String)
        p.made.withLock { $0.append(email) }
        p.made.withLock { $0.append("+44 7700 900461") }
        let e = try #require(
            try await api(.post, "/api/v1/clients/\(client)/engagements", token, ["role": "therapy", "goals": [p.next("Goal"), p.next("Goal")]])?[
                "id"]
                as? String)
        let care = try JSONSerialization.jsonObject(with: Data(EngagementTests.withCare.utf8)) as! [String: Any]
        let screening = try #require(try await api(.post, "/api/v1/engagements/\(e)/screenings", token, care)?["id"] as? String)
        _ = try await api(.post, "/api/v1/screenings/\(screening)/override", token, ["result": "coachable", "reason": p.next("Override")])
        _ = try await api(.post, "/api/v1/engagements/\(e)/consent", token, ["method": "inRoom"])
        let today = String(ISO8601DateFormatter().string(from: clock.now).prefix(10))
        let crossing = try #require(
            try await api(
                .post, "/api/v1/engagements/\(e)/boundary-crossings", token,
                ["date": today, "kind": "gift", "rationale": p.next("Rationale"), "clientResponse": p.next("Response")])?["id"] as? String)
        _ = try await api(.post, "/api/v1/boundary-crossings/\(crossing)/addenda", token, ["text": p.next("CrossingAddendum")])
        let incident = try #require(
            try await api(
                .post, "/api/v1/engagements/\(e)/boundary-incidents", token,
                ["date": today, "kind": "otherExploitation", "description": p.next("Incident")])?[
                    "id"] as? String)
        _ = try await api(.post, "/api/v1/boundary-incidents/\(incident)/addenda", token, ["text": p.next("IncidentAddendum")])

        let first = try #require(
            try await api(.post, "/api/v1/engagements/\(e)/sessions", token, ["scheduledAt": "2027-01-15T09:00:00Z"])?["id"] as? String)
        _ = try await api(.post, "/api/v1/sessions/\(first)/start", token, [:])
        _ = try await api(.put, "/api/v1/sessions/\(first)/agreement", token, ["clientWords": p.next("Words"), "focus": p.next("Focus")])
        let marker = try #require(
            try await api(.post, "/api/v1/sessions/\(first)/markers", token, ["kind": "insight", "text": p.next("Marker", replaced: true)])?["id"]
                as? String)
        _ = try await api(.post, "/api/v1/sessions/\(first)/markers", token, ["kind": "strength"])
        _ = try await api(.patch, "/api/v1/markers/\(marker)", token, ["text": p.next("MarkerEdit")])
        _ = try await api(.post, "/api/v1/sessions/\(first)/redirects", token, ["note": p.next("Redirect")])
        _ = try await api(.post, "/api/v1/sessions/\(first)/takeaways", token, ["text": p.next("Takeaway"), "source": "client"])
        let step = try #require(try await api(.post, "/api/v1/sessions/\(first)/action-steps", token, ["text": p.next("Step")])?["id"] as? String)
        _ = try await api(.put, "/api/v1/sessions/\(first)/progress-notes", token, ["text": p.next("Notes")])
        clock.advance(minutes: 1)
        _ = try await api(.post, "/api/v1/sessions/\(first)/end", token, [:])
        _ = try await api(.post, "/api/v1/sessions/\(first)/addenda", token, ["text": p.next("SessionAddendum")])
        // The note of record: drafted, edited with phrases of its own, signed, and an addendum.
        let note = try #require(try await api(.post, "/api/v1/sessions/\(first)/note", token, ["format": "DAP"])?["id"] as? String)
        _ = try await api(
            .patch, "/api/v1/notes/\(note)", token,
            ["sections": ["Data", "Assessment", "Plan"].map { ["title": $0, "text": p.next("Note\($0)")] }])
        _ = try await api(.post, "/api/v1/notes/\(note)/sign", token, [:])
        _ = try await api(.post, "/api/v1/notes/\(note)/addenda", token, ["text": p.next("NoteAddendum")])
        _ = try await api(.put, "/api/v1/sessions/\(first)/psychotherapy-note", token, ["text": p.next("ProcessNote")])

        let second = try #require(
            try await api(.post, "/api/v1/engagements/\(e)/sessions", token, ["scheduledAt": "2027-01-22T09:00:00Z"])?["id"] as? String)
        let third = try #require(
            try await api(.post, "/api/v1/engagements/\(e)/sessions", token, ["scheduledAt": "2027-01-29T09:00:00Z"])?["id"] as? String)
        // The client, in the portal: a tick with a note, and an answer before the next session.
        let invitation = try await PortalTests.invite(b, token: token, engagement: e)
        try await b.signOut()
        try await b.get(invitation)
        // The portal sign-in email: sealed, and found by its keyed digest when the client signs in.
        let portalEmail = "zqportal\(UUID().uuidString.prefix(6).lowercased())@example.org"
        p.made.withLock { $0.append(portalEmail) }
        p.replaced.withLock { _ = $0.insert(portalEmail) }
        _ = try await b.post(invitation, ["email": portalEmail, "password": "a calm river at dawn"])
        try await b.get("/portal")
        let checked = try await b.post("/portal/action-steps/\(step)/check", ["status": "done", "note": p.next("ClientNote")])
        #expect(checked.status == .seeOther, "\(checked.status) \(checked.body.prefix(3000))")
        try await b.get("/portal")
        #expect(try await b.post("/portal/sessions/\(third)/intention", ["text": p.next("Intention")]).status == .seeOther)
        // The client's typed name, agreeing again in the portal: sealed, shown to nobody (the page shows the date only).
        try await b.get("/portal")
        #expect(try await b.post("/portal/consent", ["typedName": p.next("TypedName", replaced: true)]).status == .seeOther)
        keep(try await b.get("/portal").body)
        b.cookies.withLock { $0 = [:] }
        try await b.get("/portal/signin")
        #expect(try await b.post("/portal/signin", ["email": portalEmail.uppercased(), "password": "a calm river at dawn"]).status == .seeOther)
        b.cookies.withLock { $0 = [:] }
        _ = try await b.signIn("maya@example.org")

        _ = try await api(.post, "/api/v1/sessions/\(second)/start", token, [:])
        _ = try await api(.post, "/api/v1/action-steps/\(step)/review", token, ["status": "partly", "clientWords": p.next("Review")])
        _ = try await api(.post, "/api/v1/sessions/\(second)/phase", token, ["phase": "work", "skipAgreementReason": p.next("Skip")])
        _ = try await api(
            .post, "/api/v1/engagements/\(e)/goal-scales", token,
            ["goal": 1, "weight": 1, "levels": [p.next("Level"), p.next("Level"), p.next("Level"), p.next("Level"), p.next("Level")]])

        _ = try await api(.post, "/api/v1/engagements/\(e)/pause", token, ["reason": p.next("Pause")])
        for path in [
            "/api/v1/clients/\(client)", "/api/v1/engagements/\(e)", "/api/v1/screenings/\(screening)", "/api/v1/engagements/\(e)/boundary-crossings",
            "/api/v1/engagements/\(e)/boundary-incidents", "/api/v1/sessions/\(first)", "/api/v1/sessions/\(second)", "/api/v1/sessions/\(third)",
            "/api/v1/engagements/\(e)/goal-scales", "/api/v1/notes/\(note)", "/api/v1/sessions/\(first)/psychotherapy-note",
        ] {
            let answer = try await b.api(.get, path, token: token)
            #expect(answer.status == .ok, "GET \(path)")
            keep(
                String(decoding: try JSONSerialization.data(withJSONObject: answer.json ?? [:]), as: UTF8.self).replacingOccurrences(
                    of: "\\/", with: "/"))
        }
        for path in ["/clients/\(client)", "/engagements/\(e)", "/sessions/\(first)", "/sessions/\(second)", "/sessions/\(third)"] {
            keep(try await b.get(path).body)
        }
    }
}
