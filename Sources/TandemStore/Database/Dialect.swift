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

    /// Starts a transaction. SQLite takes the write lock at once (IMMEDIATE), so two writers queue instead of
    /// failing with SQLITE_BUSY when a read lock is upgraded.
    var begin: String { self == .postgres ? "BEGIN" : "BEGIN IMMEDIATE" }

    /// Whether a database error is a unique-constraint violation.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError { return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed }
        return false
    }
}
