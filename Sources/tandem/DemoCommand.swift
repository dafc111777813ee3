import ArgumentParser
import Foundation
import TandemApp
import TandemStore

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Generate a realistic, clearly fictional practice (for demonstrations and benchmarks). Practitioners sign in with the password given on standard input."
    )

    @Option(name: .long, help: "How many practitioners.") var practitioners: Int = 1
    @Option(name: .long, help: "Clients per practitioner, each with one screened therapy engagement.") var clientsPerPractitioner: Int = 10
    @Option(name: .long, help: "Sessions per client, weekly, the last one still to come.") var sessionsPerClient: Int = 12
    @Option(name: .long, help: "Seed: the same seed gives the same practice.") var seed: UInt64 = 1
    @Option(
        name: .long, help: "Sessions of the first practitioner's first client, when more than --sessions-per-client (a long engagement); 0 for none.")
    var longEngagement: Int = 0
    @Option(name: .long, help: "Chained audit events to add, a long audit history (timing tandem audit verify).") var auditEvents: Int = 0
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...10_000).contains(self.practitioners) else { throw ValidationError("--practitioners must be from 1 to 10000.") }
        guard (1...100_000).contains(self.clientsPerPractitioner) else {
            throw ValidationError("--clients-per-practitioner must be from 1 to 100000.")
        }
        guard (1...52).contains(self.sessionsPerClient) else { throw ValidationError("--sessions-per-client must be from 1 to 52.") }
        guard (0...500).contains(self.longEngagement) else { throw ValidationError("--long-engagement must be from 0 to 500.") }
        guard (0...10_000_000).contains(self.auditEvents) else { throw ValidationError("--audit-events must be from 0 to 10000000.") }
    }

    func run() async throws {
        let password = try PasswordInput.read(prompt: "Password for the demo accounts: ")
        try await withAdministration(self.database, creating: true) { admin in
            let plan = DemoData.Plan(
                practitioners: self.practitioners, clientsPerPractitioner: self.clientsPerPractitioner, sessionsPerClient: self.sessionsPerClient,
                seed: self.seed,
                longEngagement: self.longEngagement
            )
            let total = plan.sessions
            let started = Date()
            let result = try await admin.generateDemo(plan, password: password) { written in
                let width = 30
                let done = Int(Double(written) / Double(max(1, total)) * Double(width))
                let rate = Double(written) / max(0.001, Date().timeIntervalSince(started)) * 60
                FileHandle.standardError.write(
                    Data(
                        "\r[\(String(repeating: "#", count: done))\(String(repeating: ".", count: width - done))] \(written)/\(total) sessions, \(Int(rate)) per minute"
                            .utf8))
            }
            let seconds = Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("\n".utf8))
            print(
                "Generated \(result.sessions) sessions for \(result.practitioners.count) practitioners in \(String(format: "%.1f", seconds)) s (\(Int(Double(result.sessions) / max(0.001, seconds) * 60)) sessions per minute)."
            )
            if self.auditEvents > 0 {
                let begun = Date()
                try await admin.appendDemoAuditHistory(count: self.auditEvents)
                print("Appended \(self.auditEvents) chained audit events in \(String(format: "%.1f", Date().timeIntervalSince(begun))) s.")
            }
            print("Sign in as \(result.practitioners.first ?? "-") (and the others, numbered) with the password you gave.")
        }
    }
}
