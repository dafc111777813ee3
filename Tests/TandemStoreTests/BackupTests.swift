import Foundation
import Logging
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("Backup and restore of the embedded database")
struct BackupTests {
    @Test("A backup taken while writing restores into a new data directory with every table equal")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("live").path
        let key = KeySource.file(live + "/tandem.key")
        let db = try await TandemDatabase.open(.dataDirectory(live), keys: key, logger: Backend.logger)
        let (f, e) = try await SessionStoreTests.engagement(db)
        let session = SessionStoreTests.session(e, at: f.now)
        try await db.unit { try await SessionStore.schedule(session, on: $0) }
        try await db.unit { tx in try await SessionStore.start(session.id, at: f.now, on: tx) }
        try await SessionStoreTests.mark(
            Marker(
                id: .init(), sessionID: session.id, kind: .strength, atSeconds: 12, text: "Kept her ground", namedBy: .client, highlighted: true,
                recordedAt: f.now), on: db
        )
        let backup = folder.appendingPathComponent("tandem-backup.sqlite").path
        // Writers keep writing while the copy is taken.
        async let writes: Void = {
            for i in 0..<20 {
                try await db.unit {
                    try await AuditStore.append(
                        .engagement(.sessionViewed, session.id.description, type: "session", by: f.amy.id, at: f.now.addingTimeInterval(Double(i))),
                        on: $0)
                }
            }
        }()
        try await db.backup(to: backup)
        try await writes
        await #expect(throws: TandemDatabase.BackupError.self, "never overwrites") { try await db.backup(to: backup) }

        let restoredDir = folder.appendingPathComponent("restored").path
        let summary = try await TandemDatabase.restore(from: backup, into: restoredDir, logger: Backend.logger)
        #expect(summary.sessions == 1 && summary.engagements == 1 && summary.clients == 1, "\(summary)")
        #expect(summary.latest == Migrations.all.last?.name)
        await #expect(throws: TandemDatabase.BackupError.self, "never restores over a database") {
            try await TandemDatabase.restore(from: backup, into: restoredDir, logger: Backend.logger)
        }
        // A backup holds no key: the installation's key file opens it.
        let restored = try await TandemDatabase.open(.dataDirectory(restoredDir), keys: key, logger: Backend.logger)
        let copy = try await restored.dump()
        let original = try await db.dump()
        #expect(Set(copy.keys) == Set(original.keys))
        #expect(copy.keys.count > 30, "every table: \(copy.keys.count)")
        for table in original.keys where table != "audit_events" {
            #expect(copy[table] == original[table], "\(table) is equal")
        }
        #expect(copy["markers"]?.first?.contains("Kept her ground") == false, "the marker's text is sealed")
        let markers = try await restored.unit { try await LiveRecordStore.markers(of: session.id, on: $0) }
        #expect(markers.map(\.text) == ["Kept her ground"], "and opens with the key")
        #expect((copy["audit_events"]?.count ?? 0) <= (original["audit_events"]?.count ?? 0), "the copy is one moment of the audit log")
        try await restored.close()
        try await db.close()

        let junk = folder.appendingPathComponent("junk.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        await #expect(throws: TandemDatabase.BackupError.self) {
            try await TandemDatabase.restore(from: junk, into: folder.appendingPathComponent("junk-restore").path, logger: Backend.logger)
        }
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("junk-restore/tandem.sqlite").path),
            "a bad file leaves nothing behind")
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("The data folder is 0700; the database, its log and shared memory, and backups 0600, whatever they were")
    func privateOnDisk() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let db = try await TandemDatabase.open(.dataDirectory(data), keys: KeySource.beside(.dataDirectory(data)), logger: Backend.logger)
        _ = try await Fixture.make(db)
        let file = data + "/tandem.sqlite"
        #expect(try Self.mode(data) == 0o700)
        for path in [file, file + "-wal", file + "-shm"] { #expect(try Self.mode(path) == 0o600, "\(path)") }
        let backup = folder.appendingPathComponent("backup.sqlite").path
        try await db.backup(to: backup)
        #expect(try Self.mode(backup) == 0o600)
        try await db.close()
        // An installation made before (0755 and 0644) is made private when it is next opened.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let again = try await TandemDatabase.open(
            .dataDirectory(data), keys: KeySource.beside(.dataDirectory(data)), logger: Backend.logger, create: false)
        #expect(try Self.mode(data) == 0o700)
        #expect(try Self.mode(file) == 0o600)
        try await again.close()
    }

    @Test("Opening an installation that is not there creates nothing; a file that is no Tandem database is refused")
    func noInstallation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-none-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("mistyped").path
        do {
            _ = try await TandemDatabase.open(.dataDirectory(missing), keys: .ephemeral(), logger: Backend.logger, create: false)
            Issue.record("a missing installation was opened")
        } catch let error as TandemDatabase.OpenError {
            #expect(error.description.contains("There is no Tandem database in \(missing)"))
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "nothing was created")
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: missing + "/tandem.sqlite"))
        await #expect(throws: TandemDatabase.OpenError.self) {
            _ = try await TandemDatabase.open(.dataDirectory(missing), keys: .ephemeral(), logger: Backend.logger, create: false)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: missing + "/tandem.sqlite")) == Data("hello".utf8), "left as it was")
    }

    @Test("Restore refuses a folder holding anything (a stray -wal), and a backup from a newer schema")
    func restoreRefusals() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-refuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await TandemDatabase.open(.dataDirectory(folder.appendingPathComponent("live").path), keys: .ephemeral(), logger: Backend.logger)
        let backup = folder.appendingPathComponent("backup.sqlite").path
        try await db.backup(to: backup)
        try await db.close()
        let stray = folder.appendingPathComponent("stray").path
        try FileManager.default.createDirectory(atPath: stray, withIntermediateDirectories: true)
        try Data("old log".utf8).write(to: URL(fileURLWithPath: stray + "/tandem.sqlite-wal"))
        do {
            _ = try await TandemDatabase.restore(from: backup, into: stray, logger: Backend.logger)
            Issue.record("restored into a folder holding a stray log")
        } catch let error as TandemDatabase.BackupError {
            #expect(error.description.contains("is not empty (it holds tandem.sqlite-wal)"))
        }
        #expect(!FileManager.default.fileExists(atPath: stray + "/tandem.sqlite"))

        let newer = try await TandemDatabase.open(.sqlite(path: backup), keys: nil, logger: Backend.logger, migrate: false)
        try await newer.sql.raw("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999-from-the-future', 0)").run()
        try await newer.close()
        do {
            _ = try await TandemDatabase.restore(from: backup, into: folder.appendingPathComponent("fresh").path, logger: Backend.logger)
            Issue.record("restored a backup from a newer schema")
        } catch let error as TandemDatabase.BackupError {
            #expect(error.description.contains("newer Tandem") && error.description.contains("9999-from-the-future"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("fresh").path), "nothing left behind, not even the folder")
    }
}
