import Logging
import NIOCore
import SQLKit
import Synchronization

/// The distinct statements a database has run, each with the binds of its first run: the query-plan test runs the
/// app through its routes with a log attached, then asks SQLite for the plan of every statement in it. Attached only
/// when asked for (`TandemDatabase.open(..., statements:)`); the running app keeps no log.
public final class StatementLog: Sendable {
    public struct Statement: Sendable {
        public let sql: String
        public let binds: [any Encodable & Sendable]
    }

    private let statements = Mutex<[String: Statement]>([:])
    private let runs = Mutex(0)

    public init() {}

    func record(_ sql: String, _ binds: [any Encodable & Sendable]) {
        self.statements.withLock { if $0[sql] == nil { $0[sql] = Statement(sql: sql, binds: binds) } }
        // The background checkpointer's statements belong to no request.
        if !sql.hasPrefix("PRAGMA wal_checkpoint") { self.runs.withLock { $0 += 1 } }
    }

    /// How many statements have run since the log was attached (BEGIN and COMMIT included, the background
    /// checkpoints not): the statement-count test reads it before and after one request.
    public var executed: Int { self.runs.withLock { $0 } }

    /// Every distinct statement, in SQL text order.
    public var all: [Statement] { self.statements.withLock { $0.values.sorted { $0.sql < $1.sql } } }
}

extension StatementLog.Statement {
    /// The statement with its binds, prefixed (for `EXPLAIN QUERY PLAN`).
    public func prefixed(_ prefix: String) -> any SQLExpression { Prefixed(prefix: prefix, statement: self) }

    private struct Prefixed: SQLExpression {
        let prefix: String
        let statement: StatementLog.Statement
        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(self.prefix + self.statement.sql)
            serializer.binds.append(contentsOf: self.statement.binds)
        }
    }
}

/// A database that notes each statement in a log before running it, sessions included.
struct LoggedSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let log: StatementLog

    var logger: Logger { self.base.logger }
    var eventLoop: any EventLoop { self.base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { self.base.version }
    var dialect: any SQLDialect { self.base.dialect }
    var queryLogLevel: Logger.Level? { self.base.queryLogLevel }

    private func note(_ query: any SQLExpression) {
        let (sql, binds) = self.base.serialize(query)
        self.log.record(sql, binds)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        self.note(query)
        return self.base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        self.note(query)
        try await self.base.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let log = self.log
        return try await self.base.withSession { session in try await closure(LoggedSQLDatabase(base: session, log: log)) }
    }
}
