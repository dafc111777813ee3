import ArgumentParser
import Foundation
import TandemApp
import TandemStore

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to a new file, safe while the server runs. (PostgreSQL: use pg_dump.)"
    )

    @Option(name: .long, help: "The backup file to write; it must not exist yet.") var out: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        if case .postgres = try self.database.location() {
            throw refusal(TandemDatabase.BackupError.postgres)
        }
        try await withAdministration(self.database) { admin in
            let started = Date()
            try await admin.backup(to: self.out)
            let size = (try? FileManager.default.attributesOfItem(atPath: self.out)[.size] as? Int) ?? 0
            print("Backup written to \(self.out) (\(size / 1024) KiB in \(String(format: "%.2f", Date().timeIntervalSince(started))) s).")
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup file into a new, empty data directory (checked before it is used)."
    )

    @Option(name: .long, help: "The backup file made by `tandem backup`.") var from: String
    @Option(name: .long, help: "The data directory to restore into; it must not hold a database yet.") var dataDir: String
    @Option(name: .long, help: "The installation's key file: checked against the backup and copied in beside it.") var keyFile: String?

    func run() async throws {
        let restored: TandemDatabase.Restored
        do {
            restored = try await TandemDatabase.restore(from: self.from, into: self.dataDir, keyFile: self.keyFile, logger: Environment.makeLogger())
        } catch let error as TandemDatabase.BackupError {
            throw refusal(error)
        } catch let error as KeyError {
            throw refusal("\(error) The backup was not restored.")
        }
        print("Restored \(self.from) into \(self.dataDir): \(restored).")
        if restored.encrypted && !restored.keyInstalled {
            let key = URL(fileURLWithPath: self.dataDir).appendingPathComponent("tandem.key").path
            print("The backup holds no key: copy this installation's key file to \(key) (or start with --key-file), then start it.")
        }
        print("Start it with: tandem serve --data-dir \(self.dataDir)")
    }
}
