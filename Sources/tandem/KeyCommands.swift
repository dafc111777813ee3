import ArgumentParser
import Foundation
import TandemApp

/// `tandem keys rotate [--data]`: a new key file, or a new data key with every row re-sealed under it.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rotate the keys that encrypt the data.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap the data's keys under a new key file (the old one is kept as tandem.key.old for older backups).",
            discussion: "With --data, re-encrypt every row under a new data key instead: stop the server first. Safe to interrupt: run it again."
        )

        @Flag(name: .long, help: "Re-encrypt every row under a new data key (resumable).") var data = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await withAdministration(self.database) { admin in
                if self.data {
                    let started = Date()
                    try await admin.rotateDataKey(progress: ProgressBar.show)
                    print(
                        "Every row is encrypted under the new data key (\(String(format: "%.1f", Date().timeIntervalSince(started))) s); the old key is deleted."
                    )
                } else {
                    let fingerprint = try await admin.rotateKeyFile()
                    guard case .file(let path) = self.database.keys() else { return }
                    print("The data's keys are wrapped under a new key file, \(path) (fingerprint \(fingerprint)).")
                    print("The old key is now \(path).old: keep it with backups taken before today, apart from this machine, then delete it here.")
                }
            }
        }
    }
}

/// `tandem audit verify`: walks the audit chain; exits 1 naming the first event that was changed, removed or moved.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify that no audit event was changed, removed or reordered.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var broken = false
            try await withAdministration(self.database) { admin in
                let started = Date()
                let result = try await admin.verifyAuditChain()
                let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                if let problem = result.problem {
                    FileHandle.standardError.write(Data("The audit chain is broken after \(result.checked) events: \(problem).\n".utf8))
                    broken = true
                } else {
                    print("The audit chain is intact: \(result.checked) events checked in \(seconds) s.")
                }
            }
            if broken { throw ExitCode(1) }
        }
    }
}

/// A one-line progress bar on standard error.
enum ProgressBar {
    @Sendable static func show(_ table: String, _ done: Int, _ total: Int) {
        let width = 24
        let filled = total == 0 ? width : min(width, Int(Double(done) / Double(total) * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(table.padding(toLength: 22, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total)   ".utf8))
        if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
