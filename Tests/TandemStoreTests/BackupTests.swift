import Foundation
import Logging
import TandemCore
import Testing

@testable import TandemStore

@Suite("Backup and restore of the embedded database")
struct BackupTests {
    @Test("A backup taken while writing restores into a new data directory with every table equal")
    func roundTrip() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-backup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await TandemDatabase.open(.dataDirectory(folder.appendingPathComponent("live").path), logger: Backend.logger)
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
        try await TandemDatabase.restore(from: backup, into: restoredDir, logger: Backend.logger)
        await #expect(throws: TandemDatabase.BackupError.self, "never restores over a database") {
            try await TandemDatabase.restore(from: backup, into: restoredDir, logger: Backend.logger)
        }
        let restored = try await TandemDatabase.open(.dataDirectory(restoredDir), logger: Backend.logger)
        let copy = try await restored.dump()
        let original = try await db.dump()
        #expect(Set(copy.keys) == Set(original.keys))
        #expect(copy.keys.count > 30, "every table: \(copy.keys.count)")
        for table in original.keys where table != "audit_events" {
            #expect(copy[table] == original[table], "\(table) is equal")
        }
        #expect(copy["markers"]?.first?.contains("Kept her ground") == true)
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
}
