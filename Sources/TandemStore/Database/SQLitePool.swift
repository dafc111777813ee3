@preconcurrency import AsyncKit
import Logging
import NIOCore
import NIOPosix
import SQLiteKit

/// Opens SQLite connections with the settings every connection needs: foreign keys on, a busy timeout so writers
/// wait for each other instead of failing, FULL synchronisation (a commit is on disk before it is acknowledged, so a
/// power cut cannot take back a write answered 201), and no checkpoints in commits.
struct TandemSQLiteSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    /// How long a writer waits for another process's write before failing.
    static let busyTimeout = "PRAGMA busy_timeout = 10000"

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        self.base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            connection.query(Self.busyTimeout).flatMap { _ in
                connection.query("PRAGMA synchronous = FULL")
            }.flatMap { _ in
                // The server's connections never checkpoint inside a commit (a request then waited for the whole
                // write-ahead log to be copied: the 1 % of requests that took 15 to 20 ms); `Checkpoints` does it
                // in the background instead.
                connection.query("PRAGMA wal_autocheckpoint = 0")
            }.flatMap { _ in
                // A log started over is cut back to 64 MB, so a burst does not leave a large file behind.
                connection.query("PRAGMA journal_size_limit = 67108864")
            }.map { _ in connection }
                .flatMapError { error in
                    // A connection that cannot be set up is closed, never dropped open.
                    connection.close().flatMapThrowing { throw error }
                }
        }
    }
}

/// A pool of SQLite connections seen as one `SQLiteDatabase`, so that `.sql()` gives SQLKit a database whose
/// `withSession` pins one connection (what a transaction needs).
struct SQLitePool: SQLiteDatabase {
    let pool: EventLoopGroupConnectionPool<TandemSQLiteSource>
    let logger: Logger

    var eventLoop: any EventLoop { self.pool.eventLoopGroup.any() }

    func query(_ query: String, _ binds: [SQLiteData], logger: Logger, _ onRow: @escaping @Sendable (SQLiteRow) -> Void) -> EventLoopFuture<Void> {
        self.pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        self.pool.withConnection(logger: self.logger, closure)
    }
}
