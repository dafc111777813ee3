import Crypto
import Foundation

/// Where the key-encryption key comes from: a key file (the default, `tandem.key` in the data folder, or one named
/// by `--key-file` / `TANDEM_KEY_FILE` for a mounted secret), or a key held in memory (tests).
public enum KeySource: Sendable, Equatable {
    case file(String)
    case memory(Data)

    /// A fresh key held in memory: for tests, never for an installation.
    public static func ephemeral() -> KeySource { .memory(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) }

    /// The key file a location uses when none is named: `tandem.key` beside the SQLite file; nil for PostgreSQL.
    public static func beside(_ location: DatabaseLocation) -> KeySource? {
        guard case .sqlite(let path) = location else { return nil }
        return .file(URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("tandem.key").path)
    }

    var path: String? {
        if case .file(let path) = self { return path }
        return nil
    }
}

/// The key-encryption key: 32 random bytes that never enter the database. It wraps the installation's data keys.
struct KeyEncryptionKey: @unchecked Sendable {
    let key: SymmetricKey

    /// A short, public name for this key (a keyed digest of nothing), stored beside what it wraps so that a wrong
    /// key file is told apart from a damaged database.
    var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("tandem key fingerprint".utf8), using: self.key)
        return Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    static let header = "tandem-key-v1 "

    /// Reads the key file, refusing one that other accounts can read or that is not a Tandem key.
    static func read(_ path: String) throws -> KeyEncryptionKey {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw KeyError.readableByOthers(path, mode: mode) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix(Self.header),
            let bytes = Data(base64Encoded: text.dropFirst(Self.header.count).trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        else { throw KeyError.notAKey(path) }
        return KeyEncryptionKey(key: SymmetricKey(data: bytes))
    }

    /// The key in `path`, made there first if there is none.
    static func readOrCreate(_ path: String) throws -> KeyEncryptionKey {
        FileManager.default.fileExists(atPath: path) ? try Self.read(path) : try Self.create(path)
    }

    /// Writes a new random key to `path` (mode 0600) and answers it. The file appears whole or not at all (written
    /// beside it, then linked into place); if another process made it first, that one is read and answered.
    static func create(_ path: String) throws -> KeyEncryptionKey {
        let key = SymmetricKey(size: .bits256)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: OnDisk.folderMode])
        }
        let text = Self.header + key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n"
        let staging = path + ".\(getpid()).\(UUID().uuidString.prefix(8)).new"
        let descriptor = open(staging, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw KeyError.cannotWrite(path, String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { unlink(staging) }
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
        try handle.close()
        guard link(staging, path) == 0 else {
            if errno == EEXIST { return try Self.read(path) }
            throw KeyError.cannotWrite(path, String(cString: strerror(errno)))
        }
        try OnDisk.restrict(file: path)
        return KeyEncryptionKey(key: key)
    }
}

/// Why the installation's keys could not be had: each says what to do, in one sentence.
public enum KeyError: Error, CustomStringConvertible, Equatable {
    /// The database holds wrapped keys but the key file is not there.
    case missing(String)
    /// The key file is readable or writable by other accounts.
    case readableByOthers(String, mode: Int)
    /// The file is not a Tandem key file.
    case notAKey(String)
    /// The key file opens none of this installation's keys.
    case wrongKey(String)
    /// A key file lies in the data folder, but the database beside it is missing: refuse to start a new one.
    case keyWithoutDatabase(String)
    /// PostgreSQL has no data folder to keep a key in by default.
    case noKeyFile
    case cannotWrite(String, String)
    /// The database's wrapped keys are damaged.
    case damaged(String)

    public var description: String {
        switch self {
        case .missing(let path):
            "The key file \(path) is missing: this installation's data is encrypted under it. Put your copy of the key back there, or name it with --key-file (or TANDEM_KEY_FILE)."
        case .readableByOthers(let path, let mode):
            "The key file \(path) can be read by other accounts (mode \(String(mode, radix: 8))): make it private with chmod 600 \(path)."
        case .notAKey(let path): "\(path) is not a Tandem key file."
        case .wrongKey(let path):
            "The key file \(path) is not the key this installation's data is encrypted under: name the right one with --key-file (or TANDEM_KEY_FILE)."
        case .keyWithoutDatabase(let path):
            "\(path) holds a key file but no database: Tandem will not start a new, empty installation beside an encrypted one. Restore the database, or move the key away to start afresh."
        case .noKeyFile: "A PostgreSQL installation needs its key file named with --key-file (or TANDEM_KEY_FILE)."
        case .cannotWrite(let path, let reason): "The key file \(path) could not be written: \(reason)."
        case .damaged(let what): "This installation's keys are damaged: \(what)."
        }
    }
}
