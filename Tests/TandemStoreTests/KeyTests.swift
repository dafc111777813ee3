import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

/// The key file and what it guards: made at first start (0600), required ever after, refused when wrong, readable by
/// others, or left without its database; ciphertext bound to its row; plain rows of an older installation sealed.
@Suite("Keys and sealed fields")
struct KeyTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tandem-keys-\(UUID().uuidString)").path
    }

    static func open(_ data: String, keys: KeySource? = nil, create: Bool = true) async throws -> TandemDatabase {
        let location = DatabaseLocation.dataDirectory(data)
        return try await TandemDatabase.open(location, keys: keys ?? KeySource.beside(location)!, logger: Backend.logger, create: create)
    }

    static func refusal(_ open: () async throws -> TandemDatabase) async -> KeyError? {
        do {
            let db = try await open()
            try? await db.close()
            return nil
        } catch let error as KeyError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test("The first start makes a private key file; without it, with another key, or readable by others, the installation does not open")
    func keyFile() async throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let key = data + "/tandem.key"
        let db = try await Self.open(data)
        let f = try await Fixture.make(db)
        try await db.close()
        #expect(try BackupTests.mode(key) == 0o600)
        #expect(try String(contentsOfFile: key, encoding: .utf8).hasPrefix("tandem-key-v1 "))
        let again = try await Self.open(data, create: false)
        #expect(try await again.unit { try await AccountStore.credentials(email: "amy@example.org", on: $0) }?.account.id == f.amy.id)
        try await again.close()
        let database = try Data(contentsOf: URL(fileURLWithPath: data + "/tandem.sqlite"))

        // Elsewhere: a key of another installation.
        let other = root + "/other.key"
        _ = try KeyEncryptionKey.create(other)
        #expect(await Self.refusal { try await Self.open(data, keys: .file(other)) } == .wrongKey(other))
        // Readable by other accounts.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        #expect(await Self.refusal { try await Self.open(data) } == .readableByOthers(key, mode: 0o644))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        // Not a key at all.
        let junk = root + "/junk.key"
        FileManager.default.createFile(atPath: junk, contents: Data("hello".utf8), attributes: [.posixPermissions: 0o600])
        #expect(await Self.refusal { try await Self.open(data, keys: .file(junk)) } == .notAKey(junk))
        // Missing.
        try FileManager.default.moveItem(atPath: key, toPath: root + "/kept.key")
        let missing = await Self.refusal { try await Self.open(data) }
        #expect(missing == .missing(key))
        #expect(missing?.description.contains("is missing: this installation's data is encrypted under it") == true)
        #expect(!FileManager.default.fileExists(atPath: key), "no new key was made beside an encrypted installation")
        // The key back, the database gone: no new empty installation beside the key.
        try FileManager.default.moveItem(atPath: root + "/kept.key", toPath: key)
        try FileManager.default.moveItem(atPath: data + "/tandem.sqlite", toPath: root + "/moved.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: data + "/tandem.sqlite" + suffix) }
        #expect(await Self.refusal { try await Self.open(data) } == .keyWithoutDatabase(data))
        #expect(!FileManager.default.fileExists(atPath: data + "/tandem.sqlite"), "nothing was created")
        // Nothing written by any refusal.
        try FileManager.default.moveItem(atPath: root + "/moved.sqlite", toPath: data + "/tandem.sqlite")
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/tandem.sqlite")) == database)
    }

    @Test("A sealed value copied to another row, or changed by one byte, does not open; the error names the field", arguments: Backend.available)
    func boundToRow(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let adaDetails = ClientDetails(displayName: "Ada Lovelace", email: nil, phone: nil, dateOfBirth: nil)
            let beaDetails = ClientDetails(displayName: "Bea Moss", email: nil, phone: nil, dateOfBirth: nil)
            let ada = try await db.unit { try await ClientStore.create(adaDetails, practitionerID: f.amy.id, at: f.now, on: $0) }
            let bea = try await db.unit { try await ClientStore.create(beaDetails, practitionerID: f.amy.id, at: f.now, on: $0) }
            struct Row: Decodable { let displayName: String }
            let sealed = try #require(
                try await db.sql.raw("SELECT display_name FROM clients WHERE id = \(bind: ada.id.uuid)").first(
                    decoding: Row.self, with: snakeCaseRows))
            #expect(sealed.displayName.hasPrefix("e1:") && !sealed.displayName.contains("Ada"))
            try await db.sql.raw("UPDATE clients SET display_name = \(bind: sealed.displayName) WHERE id = \(bind: bea.id.uuid)").run()
            do {
                _ = try await db.unit { try await ClientStore.find(bea.id, on: $0) }
                Issue.record("a name copied from another row was read")
            } catch let error as StoreError {
                #expect(error.description.contains("clients.display_name of \(bea.id.uuid) does not decrypt"))
            }
            var bytes = Array(sealed.displayName)
            bytes[10] = bytes[10] == "A" ? "B" : "A"
            try await db.sql.raw("UPDATE clients SET display_name = \(bind: String(bytes)) WHERE id = \(bind: ada.id.uuid)").run()
            await #expect(throws: StoreError.self) { _ = try await db.unit { try await ClientStore.find(ada.id, on: $0) } }
        }
    }

    @Test("An installation from before encryption is sealed when it is next opened, in batches, and reads the same", arguments: Backend.available)
    func plainRowsSealed(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await SessionStoreTests.engagement(db)
            let session = SessionStoreTests.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(session, on: $0) }
            try await db.unit { tx in try await SessionStore.start(session.id, at: f.now, on: tx) }
            // 1,200 markers written in clear, as an older Tandem wrote them, with the progress its migration leaves.
            for chunk in 0..<4 {
                var insert = SQLQueryString(
                    "INSERT INTO markers (id, session_id, kind, at_seconds, text, named_by, highlighted, recorded_at) VALUES ")
                for i in 0..<300 {
                    let row: SQLQueryString =
                        "(\(bind: UUID()), \(bind: session.id.uuid), 'insight', \(bind: chunk * 300 + i), \(bind: "plain marker \(chunk * 300 + i)"), 'client', \(bind: false), \(bind: f.now))"
                    insert.appendLiteral(i == 0 ? "" : ", ")
                    insert.appendInterpolation(row)
                }
                try await db.sql.raw(insert).run()
            }
            try await db.sql.raw("INSERT INTO sealing_progress (table_name, mode) VALUES ('markers', 'plain')").run()
            // Stopped after one batch (an interruption), then opened again: nothing lost, nothing sealed twice.
            #expect(try await Resealing.run(db, keyring: try db.keyring(), maxBatches: 1) == false)
            struct Row: Decodable { let text: String? }
            let stored: [Row] = try await db.sql.raw("SELECT text FROM markers").all(decoding: Row.self)
            #expect(stored.filter { $0.text?.hasPrefix("e1:") == true }.count == 500, "the first batch, and only it, is sealed")
            try await db.unlock(with: try #require(db.keySource), progress: nil)
            let after: [Row] = try await db.sql.raw("SELECT text FROM markers").all(decoding: Row.self)
            #expect(after.count == 1200 && after.allSatisfy { $0.text?.hasPrefix("e1:") == true })
            let markers = try await db.unit { try await LiveRecordStore.markers(of: session.id, on: $0) }
            #expect(Set(markers.compactMap(\.text)) == Set((0..<1200).map { "plain marker \($0)" }))
            #expect(try await count("sealing_progress", in: db) == 0)
        }
    }

    /// Every sealed value of the database, opened: table, row and column to text.
    static func opened(_ db: TandemDatabase) async throws -> [String: String] {
        let keys = try db.keyring()
        var all: [String: String] = [:]
        for table in Sealed.tables {
            var select = SQLQueryString("SELECT id, ")
            select.appendLiteral(table.columns.joined(separator: ", "))
            let from: SQLQueryString = " FROM \(ident: table.name)"
            select.appendInterpolation(from)
            for row in try await db.sql.raw(select).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                for column in table.columns {
                    if let stored = try row.decode(column: column, as: String?.self) {
                        all["\(table.name)/\(id)/\(column)"] = try keys.open(stored, table.field(column), row: id) as String
                    }
                }
            }
        }
        return all
    }

    @Test("keys rotate --data, stopped midway and run again, re-seals every row under a new key and loses nothing", arguments: Backend.available)
    func rotateData(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            _ = try await DemoData(db).generate(
                .init(practitioners: 2, clientsPerPractitioner: 20, sessionsPerClient: 15, seed: 9), practiceID: f.practice.id, passwordHash: "x",
                now: f.now
            ) { _ in }
            let before = try await Self.opened(db)
            #expect(before.count > 2000, "\(before.count) sealed values")
            #expect(try await db.rotateDataKey(maxBatches: 3) == false, "stopped midway")
            #expect(try db.keyring().generation == 2)
            #expect(try await db.rotateDataKey() == true, "the second run finishes")
            #expect(try db.keyring().dataKeys.keys.sorted() == [2], "the old key is deleted")
            struct Row: Decodable { let generation: Int }
            let generations: [Row] = try await db.sql.raw("SELECT generation FROM installation_keys WHERE purpose = 'data'").all(decoding: Row.self)
            #expect(generations.map(\.generation) == [2])
            #expect(try await Self.opened(db) == before, "every value opens to what it was")
            struct Sealed: Decodable { let text: String }
            let texts: [Sealed] = try await db.sql.raw("SELECT text FROM takeaways").all(decoding: Sealed.self)
            #expect(!texts.isEmpty && texts.allSatisfy { $0.text.hasPrefix("e2:") })
            let verified = try await db.verifyAuditChain(now: f.now)
            #expect(verified.intact, "\(verified)")
        }
    }

    @Test("keys rotate re-wraps under a new key file; the old one no longer opens the installation")
    func rotateKeyFile() async throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        let db = try await Self.open(data)
        let f = try await Fixture.make(db)
        let old = try String(contentsOfFile: data + "/tandem.key", encoding: .utf8)
        _ = try await db.rotateKeyFile()
        try await db.close()
        #expect(try String(contentsOfFile: data + "/tandem.key.old", encoding: .utf8) == old)
        #expect(try String(contentsOfFile: data + "/tandem.key", encoding: .utf8) != old)
        #expect(try BackupTests.mode(data + "/tandem.key") == 0o600)
        let again = try await Self.open(data, create: false)
        #expect(try await again.unit { try await AccountStore.credentials(email: "amy@example.org", on: $0) }?.account.id == f.amy.id)
        try await again.close()
        #expect(await Self.refusal { try await Self.open(data, keys: .file(data + "/tandem.key.old")) } == .wrongKey(data + "/tandem.key.old"))
    }
}
