import Foundation
import SQLKit

/// The installation on disk: a data folder only its owner can enter (0700) holding a database, log and backups only
/// its owner can read (0600), whatever the umask; and the refusal to create a database where one was expected.
enum OnDisk {
    static let folderMode: Int16 = 0o700
    static let fileMode: Int16 = 0o600

    /// Creates the database's folder (0700) if it is missing, and makes an existing one 0700.
    static func prepareFolder(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let files = FileManager.default
        if !files.fileExists(atPath: folder) {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: Self.folderMode])
        }
        try files.setAttributes([.posixPermissions: Self.folderMode], ofItemAtPath: folder)
    }

    /// The database file and its `-wal` and `-shm` beside it, 0600.
    static func restrict(databaseAt path: String) throws {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try Self.restrict(file: file)
        }
    }

    static func restrict(file path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: Self.fileMode], ofItemAtPath: path)
    }

    /// Refuses a location that holds no SQLite database (a mistyped folder): nothing is created there.
    static func requireDatabase(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw TandemDatabase.OpenError.missing(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw TandemDatabase.OpenError.notTandem(path) }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\u{0}".utf8) else { throw TandemDatabase.OpenError.notTandem(path) }
    }
}

extension TandemDatabase {
    /// Why a command that reads an installation found none.
    public enum OpenError: Error, CustomStringConvertible {
        /// The folder holds no `tandem.sqlite` (it may not exist at all).
        case missing(String)
        /// There is a database, but not Tandem's (or not a database at all).
        case notTandem(String)
        /// The file is a damaged SQLite database (truncated, overwritten).
        case damaged(String, String)

        public var description: String {
            switch self {
            case .missing(let folder):
                "There is no Tandem database in \(folder). Check --data-dir (or TANDEM_DATA_DIR); `tandem setup` or `tandem serve` creates one."
            case .notTandem(let place): "\(place) is not a Tandem database."
            case .damaged(let path, let reason):
                "\(path) is damaged (\(reason)); nothing was changed. Restore the installation from a backup into a new folder (tandem restore)."
            }
        }
    }

    /// Whether the database has Tandem's migrations table (a database some other program made has not).
    func holdsTandemSchema() async throws -> Bool { try await self.hasTable(named: "schema_migrations") }

    /// Whether the database has a table called `name`.
    func hasTable(named name: String) async throws -> Bool {
        struct Count: Decodable { let n: Int }
        let rows: [Count] = try await self.sql.raw("\(unsafeRaw: self.dialect.countTables(named: name))").all(decoding: Count.self)
        return (rows.first?.n ?? 0) > 0
    }
}
