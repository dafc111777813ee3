import Foundation
import Logging
import SQLKit

/// Backups of the embedded database, and restoring one into a new data directory. On PostgreSQL, use pg_dump and
/// pg_restore (see the README): the server's own tools take consistent copies of a running cluster.
extension TandemDatabase {
    public enum BackupError: Error, CustomStringConvertible {
        case postgres
        case exists(String)
        case notADatabase(String, String)

        public var description: String {
            switch self {
            case .postgres:
                "On PostgreSQL, back up with pg_dump (e.g. pg_dump --format=custom --file tandem.dump \"$TANDEM_DATABASE_URL\") and restore with pg_restore."
            case .exists(let path): "\(path) already exists; choose a new file or an empty data directory, so nothing is overwritten."
            case .notADatabase(let path, let problem): "\(path) is not a sound Tandem backup: \(problem)"
            }
        }
    }

    /// A consistent copy of the whole database, taken while the server runs (SQLite's `VACUUM INTO`: one read
    /// transaction, so writers carry on and the copy is a single moment).
    public func backup(to path: String) async throws {
        guard self.dialect == .sqlite else { throw BackupError.postgres }
        guard !FileManager.default.fileExists(atPath: path) else { throw BackupError.exists(path) }
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try await self.sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Restores a backup into an empty data directory: the file is checked (SQLite's integrity check and Tandem's
    /// migrations table) before it becomes the directory's database.
    public static func restore(from backup: String, into dataDirectory: String, logger: Logger) async throws {
        let target = URL(fileURLWithPath: dataDirectory).appendingPathComponent("tandem.sqlite").path
        guard !FileManager.default.fileExists(atPath: target) else { throw BackupError.exists(target) }
        guard FileManager.default.fileExists(atPath: backup) else { throw BackupError.notADatabase(backup, "there is no such file") }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: backup, toPath: staging)
        do {
            let check = try await TandemDatabase.open(.sqlite(path: staging), logger: logger, migrate: false)
            struct Integrity: Decodable { let integrityCheck: String }
            struct Count: Decodable { let n: Int }
            do {
                let integrity: [Integrity] = try await check.sql.raw("PRAGMA integrity_check").rows(Integrity.self)
                guard integrity.first?.integrityCheck == "ok" else { throw BackupError.notADatabase(backup, "the integrity check failed") }
                let migrations: Count? = try await check.sql.raw("SELECT COUNT(*) AS n FROM schema_migrations").row(Count.self)
                guard (migrations?.n ?? 0) > 0 else { throw BackupError.notADatabase(backup, "it holds no Tandem schema") }
                try await check.close()
            } catch {
                try? await check.close()
                throw error
            }
        } catch let error as BackupError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw BackupError.notADatabase(backup, "it could not be read as a database (\(error))")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: target)
    }

    /// Every table of the database with all its rows, in a fixed order, as text: for comparing two databases.
    public func dump() async throws -> [String: [String]] {
        struct Table: Decodable { let name: String }
        let tables: [Table] = try await self.sql.raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).rows(Table.self)
        var result: [String: [String]] = [:]
        for table in tables {
            let rows = try await self.sql.raw("SELECT * FROM \(ident: table.name)").all()
            result[table.name] = rows.map { row in
                row.allColumns.map { column in
                    if (try? row.decodeNil(column: column)) == true { return "\(column)=NULL" }
                    if let text = try? row.decode(column: column, as: String.self) { return "\(column)=\(text)" }
                    if let number = try? row.decode(column: column, as: Double.self) { return "\(column)=\(number)" }
                    return "\(column)=?"
                }.joined(separator: "|")
            }.sorted()
        }
        return result
    }
}
