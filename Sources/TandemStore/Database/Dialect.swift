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
