import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import TandemApp
import TandemCore
import TandemStore
import TandemWeb

@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Tandem: a practice tool for therapy with a coaching edge.",
        subcommands: [
            Serve.self, Setup.self, Migrate.self, User.self, Token.self, Backup.self, Restore.self, Demo.self, MigrateToPostgres.self, Keys.self,
            Audit.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// Swift tasks run on NIO's event-loop threads rather than on a second pool beside them: a request's handler, its
    /// database answers and its response then stay on one thread instead of hopping between pools for every query
    /// (measured in Benchmarks/RESULTS.md). Done first, on the main thread, before the command makes any task.
    static func main() async {
        // Everything Tandem writes (the data folder, the database and its log, backups) is its owner's alone,
        // whatever umask it was started with; the store sets the modes too.
        umask(0o077)
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Self.main(nil)
    }
}

/// Where the data lives, shared by every command: `--data-dir` (SQLite) or `--database-url` (PostgreSQL).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Folder for the embedded SQLite database (env TANDEM_DATA_DIR). Default: ./tandem-data")
    var dataDir: String?

    @Option(name: .long, help: "postgres://user:password@host:port/database to use PostgreSQL instead of SQLite (env TANDEM_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .long, help: "PostgreSQL connections per event loop (env TANDEM_DB_POOL_SIZE). Default: 4")
    var poolSize: Int?

    @Option(name: .long, help: "The key file that unlocks the data (env TANDEM_KEY_FILE). Default: tandem.key in the data directory")
    var keyFile: String?

    /// The key file: named, or `tandem.key` in the data directory (also for PostgreSQL, whose data folder holds only it).
    func keys() -> KeySource {
        .file(Self.keyFile(named: self.keyFile, folder: self.dataDir ?? ProcessInfo.processInfo.environment["TANDEM_DATA_DIR"] ?? "tandem-data"))
    }

    /// The key file named (option, then TANDEM_KEY_FILE), or `tandem.key` in `folder`.
    static func keyFile(named option: String?, folder: String) -> String {
        if let path = option ?? ProcessInfo.processInfo.environment["TANDEM_KEY_FILE"], !path.isEmpty { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent("tandem.key").path
    }

    func location() throws -> DatabaseLocation {
        let env = ProcessInfo.processInfo.environment
        if let url = self.databaseURL ?? env["TANDEM_DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ValidationError("--database-url must start with postgres:// (for SQLite use --data-dir).")
            }
            let pool = try self.poolSize ?? Environment.int("TANDEM_DB_POOL_SIZE") ?? 4
            guard (1...64).contains(pool) else { throw ValidationError("--pool-size must be from 1 to 64.") }
            return .postgres(url: url, poolSize: pool)
        }
        return .dataDirectory(self.dataDir ?? env["TANDEM_DATA_DIR"] ?? "tandem-data")
    }
}

/// A refusal on the command line: one line `error: ...` on standard error, then exit 1 (throw what this answers).
func refusal(_ message: some CustomStringConvertible) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(1)
}

enum Environment {
    static func int(_ name: String) throws -> Int? {
        guard let raw = ProcessInfo.processInfo.environment[name], !raw.isEmpty else { return nil }
        guard let value = Int(raw) else { throw ValidationError("\(name) must be a whole number (it is \(raw)).") }
        return value
    }

    static func flag(_ name: String) -> Bool {
        ["1", "true", "yes", "on"].contains((ProcessInfo.processInfo.environment[name] ?? "").lowercased())
    }

    static func makeLogger() -> Logger {
        let level = ProcessInfo.processInfo.environment["TANDEM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        var logger = Logger(label: "tandem")
        logger.logLevel = level
        return logger
    }
}

/// Reads a password from standard input: without echo at a terminal, else one line (for scripts and pipes).
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) != 0, let raw = getpass(prompt) {
            return String(cString: raw)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("Give the password on standard input, e.g.: printf '%s\\n' \"$PASSWORD\" | tandem ...")
        }
        return line
    }
}

/// Runs an admin action and turns a domain error into a clear message and exit code 1. Only `creating` commands
/// (set-up, demo) may make a new installation; every other one refuses a folder that holds none and creates nothing.
func withAdministration(
    _ options: DatabaseOptions, creating: Bool = false, _ body: (PracticeAdministration) async throws -> Void
) async throws {
    let logger = Environment.makeLogger()
    let cost = try Environment.int("TANDEM_BCRYPT_COST").map { UInt8(clamping: $0) } ?? 12
    let admin: App
    do {
        admin = try await App.open(
            try options.location(), keys: options.keys(), bcryptCost: cost, logger: logger, create: creating, progress: ProgressBar.show)
    } catch let error as TandemDatabase.OpenError {
        throw refusal(error)
    } catch let error as KeyError {
        throw refusal(error)
    }
    do {
        try await body(admin.administration)
        try await admin.close()
    } catch let error as TandemDatabase.BackupError {
        try? await admin.close()
        throw refusal(error)
    } catch let error as TandemError {
        try? await admin.close()
        var message = error.message
        if case .validation(let errors) = error { message = errors.map { "\($0.field): \($0.message)" }.joined(separator: "\n") }
        throw refusal(message)
    } catch {
        try? await admin.close()
        throw error
    }
}
