import Foundation
import Logging
import SQLKit
import Synchronization
import TandemCore
import TandemStore
import Testing

@testable import TandemWeb

/// Tandem's cost must not grow with the practice: no statement may read a whole table that grows with it. The app
/// runs with a statement log attached through a walk of every route (each page and API read as the record's holder,
/// the client's portal, then every write route), on top of the journeys that seed it; afterwards a synthetic practice
/// is added to the same database and every distinct statement's `EXPLAIN QUERY PLAN` is read line by line. No
/// ANALYZE: without statistics SQLite plans as if every table were large, which is the question asked (with them, it
/// rightly scans a table of three rows).
@Suite("Query plans of every statement the app runs")
struct StatementPlanTests {
    /// Tables whose size does not grow with clients or sessions: reading them whole is fine.
    static let fixed: Set<String> = ["practice", "settings", "schema_migrations", "installation_keys", "sealing_progress", "audit_verifications"]

    /// Statements that read a whole table on purpose, because their answer is the whole table.
    static let wholeTableReads: [String: (table: Substring, why: String)] = [
        "SELECT id, name, email, role, licence, ethics_code, coaching_credential, time_zone, plan_opening_percent, plan_closing_percent, note_format, created_at, password_hash FROM accounts ORDER BY lower(name), id":
            ("accounts", "the team page and the colleague picker list every account of the practice (200 in the large tier)"),
        "SELECT id FROM second_factors WHERE enabled_at IS NOT NULL":
            ("second_factors", "the team page says who has two-step sign-in on: at most one row per account of the practice"),
        "SELECT supervisor_id, practitioner_id FROM supervisions":
            ("supervisions", "the team page shows whom each supervisor supervises: at most one row per pair of accounts"),
        "SELECT mac FROM audit_events ORDER BY seq DESC LIMIT 1":
            ("audit_events", "the chain's head: the last row by rowid (seq), one step from the end of the table's b-tree"),
    ]

    /// Re-sealing walks each sealed table in batches along its primary key, on purpose (at start, or by `tandem keys`);
    /// chaining old audit events walks the partial index of the unchained ones (empty once done).
    static func walksOnPurpose(_ sql: String) -> Bool {
        sql.hasPrefix("SELECT COUNT(*) AS n FROM ") || sql.hasSuffix("ORDER BY id LIMIT ?1") || sql.hasSuffix("ORDER BY id LIMIT ?2")
            || sql.hasSuffix("WHERE mac IS NULL ORDER BY seq LIMIT 2000")
            // An append checks the chain's head it guessed: the last row by rowid (seq), one step from the end.
            || sql.contains("WHERE (SELECT mac FROM audit_events ORDER BY seq DESC LIMIT 1) IS NOT DISTINCT FROM")
    }

    @Test("Every statement of a walk of every route searches an index on a seeded database")
    func plans() async throws {
        let log = StatementLog()
        let routes = try await Routes.all().filter { !$0.path.hasPrefix("/static") && $0.path != "/signout" && $0.path != "/portal/signout" }
        let problems = Mutex<[String]>([])
        try await withApp(
            { b, clock in
                let walk = try await RouteWalk.seed(b, clock: clock)
                let practitionerSide = routes.filter { [.pages, .api].contains(RouteWalk.realm($0.path)) }
                let portalSide = routes.filter { [.portalPages, .portalAPI].contains(RouteWalk.realm($0.path)) }
                // Reads as the holder; then the portal pages as her client Jordan (Jordan's cookie) and the portal API with Sam's
                // token (the walk holds no token of Jordan's: routes naming Jordan's records answer Sam 404 after the same lookups).
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("maya@example.org")
                for route in practitionerSide where route.method == .get { _ = try await walk.send(route, token: walk.maya) }
                // Her supervisor reads what she may (her Today lists the note awaiting her co-signature).
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("sue@example.org")
                for route in practitionerSide where route.method == .get { _ = try await walk.send(route, token: walk.sue) }
                b.cookies.withLock { $0 = [:] }
                try await b.get("/portal/signin")
                _ = try await b.post("/portal/signin", ["email": "jordan@example.org", "password": TestClient.password])
                for route in portalSide where route.method == .get { _ = try await walk.send(route, token: walk.samToken) }
                // Then every write, with an empty form: most are refused by validation after loading what they check.
                for route in portalSide where route.method != .get {
                    try await b.get("/portal")
                    _ = try await walk.send(route, token: walk.samToken)
                }
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("maya@example.org")
                for route in practitionerSide where route.method != .get {
                    try await b.get("/clients")
                    _ = try await walk.send(route, token: walk.maya)
                }
            }, statements: log,
            afterwards: { location in
                let db = try await TandemDatabase.open(location, keys: KeySource.beside(location), logger: Logger(label: "plans"))
                struct Practice: Decodable { let id: UUID }
                let practice = try #require(try await db.sql.raw("SELECT id FROM practice").first(decoding: Practice.self))
                _ = try await DemoData(db).generate(
                    .init(practitioners: 3, clientsPerPractitioner: 30, sessionsPerClient: 10, seed: 5), practiceID: .init(practice.id),
                    passwordHash: "x", now: Date()
                ) { _ in }
                var explained = 0
                for statement in log.all {
                    let verb = statement.sql.drop { $0.isWhitespace }.prefix(6).uppercased()
                    guard ["SELECT", "UPDATE", "DELETE", "INSERT", "WITH"].contains(where: { verb.hasPrefix($0) }) else { continue }
                    // The migration that edits table definitions in place (it runs once, and SQLite explains no
                    // statement on its catalogue).
                    if statement.sql.contains("sqlite_master") { continue }
                    // A migration that rebuilds a table copies it into `<table>_rebuilt`, a name gone once it ran.
                    if statement.sql.contains("_rebuilt") { continue }
                    let lines = try await Self.plan(of: statement, on: db.sql)
                    explained += 1
                    for line in lines where line.hasPrefix("SCAN ") {
                        let table = line.dropFirst("SCAN ".count).prefix { !$0.isWhitespace }
                        guard !Self.fixed.contains(String(table)), !table.hasPrefix("("), table != "CONSTANT", !line.contains("-ROW VALUES CLAUSE")
                        else { continue }
                        if Self.walksOnPurpose(statement.sql.trimmingCharacters(in: .whitespacesAndNewlines)) { continue }
                        if let reason = Self.wholeTableReads[statement.sql.trimmingCharacters(in: .whitespacesAndNewlines)], reason.table == table {
                            continue
                        }
                        problems.withLock { $0.append("\(line)\n    in: \(statement.sql)") }
                    }
                }
                #expect(explained > 120, "the walk ran \(explained) distinct statements worth a plan")
                try await db.close()
            })
        for problem in problems.withLock({ $0 }) { Issue.record("a full scan of a growing table: \(problem)") }
    }

    /// The lines of a logged statement's plan.
    static func plan(of statement: StatementLog.Statement, on db: any SQLDatabase) async throws -> [String] {
        let lines = Mutex<[String]>([])
        try await db.execute(sql: statement.prefixed("EXPLAIN QUERY PLAN ")) { row in
            if let detail = try? row.decode(column: "detail", as: String.self) { lines.withLock { $0.append(detail) } }
        }
        return lines.withLock { $0 }
    }
}
