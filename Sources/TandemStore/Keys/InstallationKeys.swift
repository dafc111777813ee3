import Crypto
import Foundation
import SQLKit

/// The installation's wrapped keys (table `installation_keys`): each data, index and audit key sealed with AES-GCM
/// under the key-encryption key, which stays in its file. Loading unwraps them; a first start makes them.
enum InstallationKeys {
    struct Row: Decodable {
        let purpose: String
        let generation: Int
        let wrapped: String
        let keyFile: String
    }

    static func rows(_ sql: any SQLDatabase) async throws -> [Row] {
        try await sql.raw("SELECT purpose, generation, wrapped, key_file FROM installation_keys ORDER BY purpose, generation").rows(Row.self)
    }

    /// The keyring of the installation at `sql`, made (with the key file, if it is missing) on its first start.
    static func load(_ database: TandemDatabase, from source: KeySource) async throws -> Keyring {
        var rows = try await Self.rows(database.sql)
        if rows.isEmpty {
            let kek: KeyEncryptionKey
            switch source {
            case .memory(let bytes): kek = KeyEncryptionKey(key: SymmetricKey(data: bytes))
            case .file(let path): kek = try KeyEncryptionKey.readOrCreate(path)
            }
            do {
                try await database.transaction { db in
                    for purpose in ["data", "index", "audit"] {
                        try await Self.insert(purpose: purpose, generation: 1, key: SymmetricKey(size: .bits256), under: kek, on: db)
                    }
                }
            } catch  where Dialect.isUniqueViolation(error) {
                // Another instance starting at the same moment made them first: use its.
            }
            rows = try await Self.rows(database.sql)
        }
        let kek = try await Self.keyEncryptionKey(for: rows, from: source)
        return try Self.keyring(rows, kek: kek)
    }

    /// The key-encryption key that wrapped `rows`: the file's, or (after a rotation that stopped before it renamed
    /// the new file into place) the new file's, which this finishes putting in place.
    static func keyEncryptionKey(for rows: [Row], from source: KeySource) async throws -> KeyEncryptionKey {
        let wanted = Set(rows.map(\.keyFile))
        switch source {
        case .memory(let bytes):
            let kek = KeyEncryptionKey(key: SymmetricKey(data: bytes))
            guard wanted == [kek.fingerprint] else { throw KeyError.wrongKey("(the key in memory)") }
            return kek
        case .file(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw KeyError.missing(path) }
            let kek = try KeyEncryptionKey.read(path)
            if wanted == [kek.fingerprint] { return kek }
            let next = path + ".next"
            if FileManager.default.fileExists(atPath: next), let newer = try? KeyEncryptionKey.read(next), wanted == [newer.fingerprint] {
                try KeyFiles.replace(path, with: next)
                return newer
            }
            throw KeyError.wrongKey(path)
        }
    }

    static func keyring(_ rows: [Row], kek: KeyEncryptionKey) throws -> Keyring {
        var data: [Int: SymmetricKey] = [:]
        var index: SymmetricKey?
        var audit: SymmetricKey?
        for row in rows {
            let key = try Self.unwrap(row, kek: kek)
            switch row.purpose {
            case "data": data[row.generation] = key
            case "index": index = key
            case "audit": audit = key
            default: throw KeyError.damaged("an unknown key purpose \(row.purpose)")
            }
        }
        guard let generation = data.keys.max(), let index, let audit else { throw KeyError.damaged("a data, index or audit key is missing") }
        return Keyring(generation: generation, dataKeys: data, index: index, audit: audit)
    }

    static func associatedData(purpose: String, generation: Int) -> Data { Data("tandem key/\(purpose)/\(generation)".utf8) }

    static func wrap(_ key: SymmetricKey, purpose: String, generation: Int, under kek: KeyEncryptionKey) throws -> String {
        let box = try AES.GCM.seal(
            key.withUnsafeBytes { Data($0) }, using: kek.key, authenticating: Self.associatedData(purpose: purpose, generation: generation))
        return box.combined!.base64EncodedString()
    }

    static func unwrap(_ row: Row, kek: KeyEncryptionKey) throws -> SymmetricKey {
        guard let combined = Data(base64Encoded: row.wrapped), let box = try? AES.GCM.SealedBox(combined: combined),
            let bytes = try? AES.GCM.open(box, using: kek.key, authenticating: Self.associatedData(purpose: row.purpose, generation: row.generation))
        else { throw KeyError.damaged("the \(row.purpose) key of generation \(row.generation) does not unwrap") }
        return SymmetricKey(data: bytes)
    }

    static func insert(purpose: String, generation: Int, key: SymmetricKey, under kek: KeyEncryptionKey, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO installation_keys (purpose, generation, wrapped, key_file, created_at)
            VALUES (\(bind: purpose), \(bind: generation), \(bind: try Self.wrap(key, purpose: purpose, generation: generation, under: kek)),
                    \(bind: kek.fingerprint), \(bind: Date()))
            """
        ).run()
    }
}

/// Moving key files into place.
enum KeyFiles {
    /// Puts `next` in `path`'s place, keeping the old key beside it as `path.old` (backups taken before need it).
    static func replace(_ path: String, with next: String) throws {
        let old = path + ".old"
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            try? files.removeItem(atPath: old)
            try files.moveItem(atPath: path, toPath: old)
        }
        try files.moveItem(atPath: next, toPath: path)
    }
}
