import Foundation
import PostgresKit
import SQLKit
import SQLiteKit

/// Everything that differs between SQLite and PostgreSQL, in one place. Every other query is written once.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    /// UUIDs: native on PostgreSQL, their text form on SQLite.
    var uuid: String { self == .postgres ? "UUID" : "TEXT" }
    /// Instants, always UTC: `timestamptz` on PostgreSQL, seconds since 1970 as REAL on SQLite (sqlite-nio's encoding of Date).
    var timestamp: String { self == .postgres ? "TIMESTAMPTZ" : "REAL" }
    /// Whole numbers that may grow past 2^31.
    var bigint: String { self == .postgres ? "BIGINT" : "INTEGER" }
    /// An ever-growing sequence number that is also the primary key.
    var serialKey: String { self == .postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT" }

    /// True and false as stored: BOOLEAN on PostgreSQL, 0 and 1 on SQLite.
    var bool: String { self == .postgres ? "BOOLEAN" : "INTEGER" }
    var falseLiteral: String { self == .postgres ? "false" : "0" }
    var trueLiteral: String { self == .postgres ? "true" : "1" }

    /// A UUID written into a statement: the native literal on PostgreSQL, the upper-case text sqlite-nio binds on
    /// SQLite (so a seeded row matches a bound one).
    func literal(_ uuid: UUID) -> String { self == .postgres ? "'\(uuid.uuidString.lowercased())'" : "'\(uuid.uuidString)'" }

    /// Taken inside each migration's transaction so that two instances starting together apply it once: PostgreSQL
    /// locks the migrations table (the second waits, then sees the step recorded); SQLite's BEGIN IMMEDIATE already
    /// holds the only write lock.
    var migrationLock: String? { self == .postgres ? "LOCK TABLE schema_migrations IN EXCLUSIVE MODE" : nil }

    /// Settings for one connection that loads many rows at once (the demo generator). SQLite: a 512 MB page cache,
    /// since random keys touch pages all over every index and the default 2 MB spent more time reading pages back
    /// than inserting. This connection only; the server keeps the defaults.
    var bulkLoadSettings: [String] { self == .sqlite ? ["PRAGMA cache_size = -524288"] : [] }

    /// Triggers that refuse every UPDATE and DELETE of `table`'s rows: records that are corrected only by addendum.
    func forbidChanges(on table: String) -> [String] {
        let message = "\(table) rows are permanent: correct them with an addendum"
        switch self {
        case .sqlite:
            return [
                "CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, '\(message)'); END",
                "CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(message)'); END",
            ]
        case .postgres:
            return [
                """
                CREATE FUNCTION \(table)_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '\(message)'; END $$
                """,
                "CREATE TRIGGER \(table)_permanent BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_permanent()",
            ]
        }
    }

    /// Lifts `forbidChanges(on:)` inside one transaction (re-sealing under a new key, which changes no text), to be
    /// put back by `forbidChanges(on:)` before that transaction commits.
    func allowChanges(on table: String) -> [String] {
        switch self {
        case .sqlite: ["DROP TRIGGER \(table)_no_update", "DROP TRIGGER \(table)_no_delete"]
        case .postgres: ["DROP TRIGGER \(table)_permanent ON \(table)", "DROP FUNCTION \(table)_permanent()"]
        }
    }

    /// Runs `body` inside the caller's transaction with `forbidChanges(on:)` lifted, and puts it back before
    /// returning (if `body` throws, the transaction's rollback puts the triggers back too).
    func allowingChanges<R>(on table: String, in db: any SQLDatabase, _ body: () async throws -> R) async throws -> R {
        for statement in self.allowChanges(on: table) { try await db.raw("\(unsafeRaw: statement)").run() }
        let result = try await body()
        for statement in self.forbidChanges(on: table) { try await db.raw("\(unsafeRaw: statement)").run() }
        return result
    }

    /// A query answering `n`, the number of tables called `name` (0 or 1).
    func countTables(named name: String) -> String {
        switch self {
        case .sqlite: "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '\(name)'"
        case .postgres: "SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_name = '\(name)'"
        }
    }

    /// Starts a transaction. SQLite takes the write lock at once (IMMEDIATE), so two writers queue instead of
    /// failing with SQLITE_BUSY when a read lock is upgraded.
    var begin: String { self == .postgres ? "BEGIN" : "BEGIN IMMEDIATE" }

    /// Whether a database error is a foreign-key violation.
    static func isForeignKeyViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23503" }
        if let error = error as? SQLiteError { return error.reason == .constraintForeignKeyFailed }
        return false
    }

    /// Whether a database error is a unique-constraint violation.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError { return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed }
        return false
    }
}
