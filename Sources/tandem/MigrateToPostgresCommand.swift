import ArgumentParser
import Foundation
import TandemStore

struct MigrateToPostgres: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-to-postgres",
        abstract: "Copy an SQLite installation into an empty PostgreSQL database, for a practice that grows. Stop the server first."
    )

    @Option(name: .long, help: "The SQLite data directory to copy from.") var from: String
    @Option(name: .long, help: "postgres://user:password@host:port/database, an empty database.") var databaseURL: String
    @Option(name: .long, help: "The installation's key file (env TANDEM_KEY_FILE). Default: tandem.key in the --from directory.")
    var keyFile: String?

    func run() async throws {
        guard self.databaseURL.hasPrefix("postgres://") || self.databaseURL.hasPrefix("postgresql://") else {
            throw ValidationError("--database-url must start with postgres://")
        }
        let path = URL(fileURLWithPath: self.from).appendingPathComponent("tandem.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("No Tandem database in \(self.from).") }
        let logger = Environment.makeLogger()
        let keyFile = DatabaseOptions.keyFile(named: self.keyFile, folder: self.from)
        let source: TandemDatabase
        do {
            source = try await TandemDatabase.open(.sqlite(path: path), keys: .file(keyFile), logger: logger, create: false)
        } catch let error as KeyError {
            throw refusal(error)
        }
        let target: TandemDatabase
        do {
            // Without keys: the rows are copied sealed, as they are, with the source's wrapped keys.
            target = try await TandemDatabase.open(.postgres(url: self.databaseURL, poolSize: 2), keys: nil, logger: logger)
        } catch {
            try? await source.close()
            throw error
        }
        let started = Date()
        do {
            let copied = try await TandemStore.MoveToPostgres.copy(from: source, to: target) { table, done, total in
                let width = 24
                let filled = total == 0 ? width : Int(Double(done) / Double(total) * Double(width))
                FileHandle.standardError.write(
                    Data(
                        "\r\(table.padding(toLength: 22, withPad: " ", startingAt: 0)) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)   "
                            .utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
            try await source.close()
            try await target.close()
            print(
                "Copied \(copied.values.reduce(0, +)) rows in \(copied.count) tables in \(String(format: "%.1f", Date().timeIntervalSince(started))) s."
            )
            print("Start Tandem on PostgreSQL with: tandem serve --database-url <the same URL> --key-file \(keyFile)")
        } catch let problem as TandemStore.MoveToPostgres.Problem {
            try? await source.close()
            try? await target.close()
            throw refusal(problem)
        } catch {
            try? await source.close()
            try? await target.close()
            throw error
        }
    }
}
