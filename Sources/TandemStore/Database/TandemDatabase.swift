@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The open database: one SQLKit interface over either backend, with transactions and an orderly shutdown.
public final class TandemDatabase: Sendable {
    public let dialect: Dialect
    public let location: DatabaseLocation
    /// The pooled database: each query borrows a connection.
    public let sql: any SQLDatabase
    private let shutdownPool: @Sendable () async throws -> Void
    /// SQLite's background checkpoints (nil on PostgreSQL).
    private let checkpoints = Mutex<Task<Void, Never>?>(nil)
    /// SQLite's writers, one at a time (nil on PostgreSQL, which has row locks).
    private let writers: WriterTurns?
    /// The installation's keys, once loaded (nil for a database opened without them: a backup being checked).
    private let keys = Mutex<Keyring?>(nil)
    /// The audit chain's head as this process last wrote it.
    let recentHead = RecentHead()
    /// The key file (or key) the installation's keys are wrapped with.
    public private(set) var keySource: KeySource? {
        get { self.source.withLock { $0 } }
        set { self.source.withLock { $0 = newValue } }
    }
    private let source = Mutex<KeySource?>(nil)

    private init(dialect: Dialect, location: DatabaseLocation, sql: any SQLDatabase, shutdown: @escaping @Sendable () async throws -> Void) {
        self.writers = dialect == .sqlite ? WriterTurns() : nil
        self.dialect = dialect
        self.location = location
        self.sql = sql
        self.shutdownPool = shutdown
    }

    /// Opens the database, brings its schema up to date and unwraps its keys with `keys` (made on a first start;
    /// nil opens it without keys, to check a backup or copy rows as they are). Rows that predate encryption are
    /// sealed, and audit events that predate the chain chained, before it answers.
    /// With `statements`, every statement run is noted there (the query-plan test). Without `create`, a location that
    /// holds no Tandem database is refused (`OpenError`) and nothing is created: only the commands that set an
    /// installation up (`serve`, `setup`, `demo`) may make one.
    public static func open(
        _ location: DatabaseLocation, keys: KeySource?, logger: Logger, migrate: Bool = true, statements: StatementLog? = nil, create: Bool = true,
        progress: Resealing.Progress? = nil
    ) async throws -> TandemDatabase {
        if !create, case .sqlite(let path) = location { try OnDisk.requireDatabase(at: path) }
        // A key file in the data folder with no database beside it: the database was moved or lost, and a new empty
        // installation must not start under an encrypted one's key.
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path), let key = KeySource.beside(location)?.path,
            FileManager.default.fileExists(atPath: key)
        {
            throw KeyError.keyWithoutDatabase(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        let database: TandemDatabase
        let group = MultiThreadedEventLoopGroup.singleton
        // The drivers log each query with its bound values at debug and trace, and those values are clinical text.
        // So the database never logs below info, whatever level the app runs at, and SQLKit logs no queries at all.
        var logger = logger
        if logger.logLevel < .info { logger.logLevel = .info }
        switch location {
        case .sqlite(let path):
            try OnDisk.prepareFolder(of: path)
            let source = TandemSQLiteSource(base: SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true)))
            // A connection to a file fails only when the file does (damaged, unreadable): that is reported once, as
            // a sentence, by the open below, so the pool does not log it again for every attempt.
            var poolLogger = logger
            poolLogger.logLevel = .critical
            let pool = EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 2, logger: poolLogger, on: group)
            let pooled = SQLitePool(pool: pool, logger: poolLogger).sql(encoder: .init(), decoder: .init(), queryLogLevel: nil)
            let sql: any SQLDatabase = statements.map { LoggedSQLDatabase(base: pooled, log: $0) } ?? pooled
            database = TandemDatabase(dialect: .sqlite, location: location, sql: sql) { try await pool.shutdownAsync() }
            database.startCheckpoints()
            // WAL is a property of the file: set once, every later connection uses it. A file that is not a database
            // fails here; the pool is shut down before the error goes up, so no connection is left open.
            do {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                // SQLite gives the log and shared-memory files the database file's mode: 0600, like the file.
                try OnDisk.restrict(databaseAt: path)
            } catch let error as SQLiteError where [.corrupt, .notADatabase].contains(error.reason) {
                try? await database.close()
                throw OpenError.damaged(path, error.message)
            } catch {
                try? await database.close()
                throw error
            }
        case .postgres(let url, let poolSize):
            let configuration = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: max(1, poolSize),
                logger: logger,
                on: group
            )
            let pooled = pool.database(logger: logger).sql(queryLogLevel: nil)
            let sql: any SQLDatabase = statements.map { LoggedSQLDatabase(base: pooled, log: $0) } ?? pooled
            database = TandemDatabase(dialect: .postgres, location: location, sql: sql) { try await pool.shutdownAsync() }
        }
        if !create {
            do {
                guard try await database.holdsTandemSchema() else { throw OpenError.notTandem(location.description) }
            } catch {
                try? await database.close()
                throw error
            }
        }
        if migrate {
            do {
                try await Migrations.apply(to: database, logger: logger)
                if let keys { try await database.unlock(with: keys, progress: progress) }
            } catch {
                try? await database.close()
                throw error
            }
        }
        return database
    }

    /// Unwraps the keys (making them on a first start), then seals what is still plain and chains what is unchained.
    func unlock(with source: KeySource, progress: Resealing.Progress?) async throws {
        let keyring = try await InstallationKeys.load(self, from: source)
        self.keys.withLock { $0 = keyring }
        self.keySource = source
        if try await Resealing.anyPending(in: self) {
            try await Resealing.run(self, keyring: keyring, progress: progress)
        }
        try await AuditChain.backfill(self, keyring: keyring)
    }

    /// The installation's keys; an error if the database was opened without them.
    func keyring() throws -> Keyring {
        guard let keyring = self.keys.withLock({ $0 }) else { throw StoreError.unexpected("the database was opened without its keys") }
        return keyring
    }

    /// Replaces the keys in memory (after a rotation).
    func replaceKeyring(_ keyring: Keyring) { self.keys.withLock { $0 = keyring } }

    /// Runs `body` in one transaction on one connection: all of its writes land, or none do.
    ///
    /// On SQLite, writers take turns in this process before they take a connection: SQLite has one writer at a time,
    /// and a writer that waited inside SQLite (busy timeout) would hold one of the driver's few threads while the
    /// writer it waits for needs one to commit. Other processes (the CLI) still meet the busy timeout.
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await self.writerTurn { try await self.run(body) }
    }

    /// The write-ahead log may hold this many pages (256 MB) before a checkpoint starts it over. Starting over holds
    /// the writers for about 30 ms on this machine (the log's pages are flushed to disk), so it is kept rare: a
    /// practice's load has pauses in which writers start the log over by themselves; only a benchmark's does not.
    static let restartFrames = 65_536

    /// Runs `body` while no writer of this process writes (SQLite), without a transaction of its own.
    func writerTurn<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        guard let writers = self.writers else { return try await body() }
        await writers.acquire()
        do {
            let result = try await body()
            await writers.release()
            return result
        } catch {
            await writers.release()
            throw error
        }
    }

    /// One write statement on its own: atomic by itself (no BEGIN and COMMIT around it, two round trips fewer), and
    /// on SQLite it still waits for its turn among the writers.
    public func write(_ statement: SQLQueryString) async throws {
        try await self.writerTurn { try await self.sql.raw(statement).run() }
    }

    private func run<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = self.dialect.begin
        return try await self.sql.withSession { session in
            try await session.raw("\(unsafeRaw: begin)").run()
            do {
                let result = try await body(session)
                try await session.raw("COMMIT").run()
                return result
            } catch {
                try? await session.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Answers whether the database answers a trivial query.
    public func ping() async throws {
        struct One: Decodable { let one: Int }
        let rows: [One] = try await self.sql.raw("SELECT 1 AS one").all(decoding: One.self)
        guard rows.first?.one == 1 else { throw StoreError.unexpected("the database did not answer SELECT 1") }
    }

    /// Closes every connection. Call once, at shutdown.
    public func close() async throws {
        if let task = self.checkpoints.withLock({ $0.take() }) {
            task.cancel()
            await task.value
            // PASSIVE, never waiting: a command-line tool closing while the server writes must not hold the server's
            // writers. SQLite itself copies the rest and removes the log when the last connection to the file closes.
            try? await self.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
        }
        try await self.shutdownPool()
    }

    /// Copies the write-ahead log into the database file every half second, outside any request (connections do
    /// not checkpoint in their commits). PASSIVE never waits for readers or writers, so it takes no writer's turn.
    /// Under steady load a writer never finds the log free of readers at the moment it could start it over, so it
    /// keeps growing; past `restartFrames` the checkpoint takes a writer's turn and starts the log over, unless a reader
    /// is using it at that moment (then it tries again half a second later, never waiting inside SQLite).
    private func startCheckpoints() {
        let database = self
        let task = Task.detached(priority: .background) {
            struct Result: Decodable {
                let busy: Int
                let log: Int
                let checkpointed: Int
            }
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                if Task.isCancelled { break }
                let result = try? await database.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").first(decoding: Result.self)
                if let result, result.log > Self.restartFrames {
                    _ = try? await database.writerTurn {
                        try await database.sql.withSession { connection in
                            // Without waiting: if a reader still uses the log, try again next time.
                            try await connection.raw("PRAGMA busy_timeout = 0").run()
                            try? await connection.raw("PRAGMA wal_checkpoint(RESTART)").run()
                            try await connection.raw("\(unsafeRaw: TandemSQLiteSource.busyTimeout)").run()
                        }
                    }
                }
            }
        }
        self.checkpoints.withLock { $0 = task }
    }
}

/// Errors of the persistence layer that are not the domain's.
public enum StoreError: Error, CustomStringConvertible {
    case unexpected(String)
    case migration(name: String, underlying: String)

    public var description: String {
        switch self {
        case .unexpected(let message): "Store error: \(message)"
        case .migration(let name, let underlying): "Migration \(name) failed: \(underlying)"
        }
    }
}

/// A first-come, first-served turn for writers.
actor WriterTurns {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard self.busy else {
            self.busy = true
            return
        }
        await withCheckedContinuation { self.waiting.append($0) }
    }

    func release() {
        if self.waiting.isEmpty { self.busy = false } else { self.waiting.removeFirst().resume() }
    }
}
