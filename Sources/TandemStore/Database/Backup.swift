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
        case notEmpty(String, String)
        case newer(String, String)

        public var description: String {
            switch self {
            case .postgres:
                "On PostgreSQL, back up with pg_dump (e.g. pg_dump --format=custom --file tandem.dump \"$TANDEM_DATABASE_URL\") and restore with pg_restore."
            case .exists(let path): "\(path) already exists; choose a new file or an empty data directory, so nothing is overwritten."
            case .notADatabase(let path, let problem): "\(path) is not a sound Tandem backup: \(problem)"
            case .notEmpty(let folder, let first):
                "\(folder) is not empty (it holds \(first)); restore into a new, empty folder so nothing is mixed with the backup."
            case .newer(let path, let migration):
                "\(path) was made by a newer Tandem (its schema has \(migration), which this version does not know); restore it with that version."
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
        try OnDisk.restrict(file: path)
    }

    /// What a restore put in place: the schema and how many records, for the person who ran it.
    public struct Restored: Sendable, CustomStringConvertible {
        public let migrations: Int
        public let latest: String
        public let clients: Int
        public let engagements: Int
        public let sessions: Int
        /// Whether the backup's data is encrypted (a backup holds no key), and whether the key file came with it.
        public let encrypted: Bool
        public let keyInstalled: Bool

        public var description: String {
            "\(self.clients) clients, \(self.engagements) engagements and \(self.sessions) sessions, schema \(self.latest) (\(self.migrations) migrations)"
        }
    }

    /// Restores a backup into a new, empty data directory: the file is checked (SQLite's integrity check, Tandem's
    /// migrations table, and a schema no newer than this version's) before it becomes the directory's database. A
    /// folder that holds anything at all (a stray `-wal` would be replayed into the restored file) is refused.
    /// With `keyFile`, the key is checked against the backup's wrapped keys and copied in beside it (0600).
    public static func restore(from backup: String, into dataDirectory: String, keyFile: String? = nil, logger: Logger) async throws -> Restored {
        let target = URL(fileURLWithPath: dataDirectory).appendingPathComponent("tandem.sqlite").path
        guard FileManager.default.fileExists(atPath: backup) else { throw BackupError.notADatabase(backup, "there is no such file") }
        if let first = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory))?.sorted().first {
            throw BackupError.notEmpty(dataDirectory, first)
        }
        let madeFolder = !FileManager.default.fileExists(atPath: dataDirectory)
        try OnDisk.prepareFolder(of: target)
        let staging = target + ".restoring"
        var restored: Restored?
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: backup, toPath: staging)
        do {
            let check = try await TandemDatabase.open(.sqlite(path: staging), keys: nil, logger: logger, migrate: false)
            struct Integrity: Decodable { let integrityCheck: String }
            struct Count: Decodable { let n: Int }
            do {
                let integrity: [Integrity] = try await check.sql.raw("PRAGMA integrity_check").rows(Integrity.self)
                guard integrity.first?.integrityCheck == "ok" else { throw BackupError.notADatabase(backup, "the integrity check failed") }
                guard try await check.holdsTandemSchema() else { throw BackupError.notADatabase(backup, "it holds no Tandem schema") }
                struct Name: Decodable { let name: String }
                let applied: [Name] = try await check.sql.raw("SELECT name FROM schema_migrations ORDER BY name").rows(Name.self)
                guard let latest = applied.last?.name else { throw BackupError.notADatabase(backup, "it holds no Tandem schema") }
                let known = Set(Migrations.all.map(\.name))
                if let unknown = applied.first(where: { !known.contains($0.name) }) { throw BackupError.newer(backup, unknown.name) }
                func count(_ table: String) async throws -> Int {
                    try await check.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").row(Count.self)?.n ?? 0
                }
                var encrypted = false
                if try await check.hasTable(named: "installation_keys") {
                    let rows = try await InstallationKeys.rows(check.sql)
                    encrypted = !rows.isEmpty
                    if encrypted, let keyFile { _ = try await InstallationKeys.keyEncryptionKey(for: rows, from: .file(keyFile)) }
                }
                restored = Restored(
                    migrations: applied.count, latest: latest, clients: try await count("clients"), engagements: try await count("engagements"),
                    sessions: try await count("sessions"), encrypted: encrypted, keyInstalled: encrypted && keyFile != nil)
                try await check.close()
            } catch {
                try? await check.close()
                throw error
            }
        } catch let error as BackupError {
            Self.discard(staging, folder: madeFolder ? dataDirectory : nil)
            throw error
        } catch let error as KeyError {
            Self.discard(staging, folder: madeFolder ? dataDirectory : nil)
            throw error
        } catch {
            Self.discard(staging, folder: madeFolder ? dataDirectory : nil)
            throw BackupError.notADatabase(backup, "it could not be read as a database (\(error))")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: target)
        try OnDisk.restrict(file: target)
        guard let restored else { throw BackupError.notADatabase(backup, "it could not be read") }
        if restored.keyInstalled, let keyFile {
            let installed = URL(fileURLWithPath: dataDirectory).appendingPathComponent("tandem.key").path
            try FileManager.default.copyItem(atPath: keyFile, toPath: installed)
            try OnDisk.restrict(file: installed)
        }
        return restored
    }

    /// What a refused restore leaves: nothing (the staging copy and its log, and the folder if the restore made it).
    private static func discard(_ staging: String, folder: String?) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
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
