import Foundation
import Logging
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

/// The backends every store test runs against: SQLite always, PostgreSQL when TANDEM_TEST_POSTGRES_URL is set.
enum Backend: String, CustomTestStringConvertible, CaseIterable, Sendable {
    case sqlite
    case postgres

    var testDescription: String { self.rawValue }

    static var available: [Backend] {
        ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"].map { $0.isEmpty ? [.sqlite] : [.sqlite, .postgres] } ?? [.sqlite]
    }

    static let logger: Logger = {
        var logger = Logger(label: "tandem-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Opens a fresh, migrated database (a temporary SQLite file, or a new PostgreSQL database), runs `body`, cleans up.
    func withDatabase<R>(_ body: (TandemDatabase) async throws -> R) async throws -> R {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await TandemDatabase.open(.dataDirectory(directory.path), keys: .ephemeral(), logger: Self.logger)
            do {
                let result = try await body(database)
                try await database.close()
                return result
            } catch {
                try? await database.close()
                throw error
            }
        case .postgres:
            let base = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES_URL"]!
            let name = "tandem_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await TandemDatabase.open(.postgres(url: base, poolSize: 1), keys: nil, logger: Self.logger, migrate: false)
            try await admin.sql.raw("CREATE DATABASE \(ident: String(name))").run()
            var components = URLComponents(string: base)!
            components.path = "/" + name
            let database = try await TandemDatabase.open(.postgres(url: components.string!, poolSize: 2), keys: .ephemeral(), logger: Self.logger)
            func cleanUp() async {
                try? await database.close()
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: String(name))").run()
                try? await admin.close()
            }
            do {
                let result = try await body(database)
                await cleanUp()
                return result
            } catch {
                await cleanUp()
                throw error
            }
        }
    }
}

/// A practice with an owner and two practitioners, for tests that need people.
struct Fixture {
    let practice: Practice
    let owner: Account
    let amy: Account
    let ben: Account
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func make(_ database: TandemDatabase) async throws -> Fixture {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        @Sendable func valid(_ name: String, _ email: String, _ role: Role) throws -> ValidAccount {
            try AccountDraft(name: name, email: email, password: "a calm river at dawn").validated(role: role)
        }
        let (practice, owner) = try await database.unit {
            try await PracticeStore.setUp(
                practiceName: "Riverside", owner: try valid("Ruth", "ruth@example.org", .owner), passwordHash: "x", at: now, on: $0)
        }
        let amy = try await database.unit {
            try await AccountStore.create(
                try valid("Amy", "amy@example.org", .practitioner), practiceID: practice.id, passwordHash: "x", at: now, on: $0)
        }
        let ben = try await database.unit {
            try await AccountStore.create(
                try valid("Ben", "ben@example.org", .practitioner), practiceID: practice.id, passwordHash: "x", at: now, on: $0)
        }
        return Fixture(practice: practice, owner: owner, amy: amy, ben: ben)
    }
}

func count(_ table: String, in database: TandemDatabase) async throws -> Int {
    struct Row: Decodable { let n: Int }
    return try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Row.self)?.n ?? -1
}
