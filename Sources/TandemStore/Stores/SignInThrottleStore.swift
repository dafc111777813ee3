import Foundation
import SQLKit
import TandemCore

/// Failed sign-in counts per e-mail address, in the database so every instance sees the same lock.
public struct SignInThrottleStore: Sendable {
    let database: TandemDatabase

    public init(_ database: TandemDatabase) { self.database = database }

    public func state(for email: String) async throws -> SignInThrottle {
        struct Row: Decodable {
            let failures: Int
            let lockedUntil: Date?
        }
        let row = try await self.database.sql.raw("SELECT failures, locked_until FROM sign_in_throttle WHERE email = \(bind: email)").row(Row.self)
        return SignInThrottle(failures: row?.failures ?? 0, lockedUntil: row?.lockedUntil)
    }

    /// Records one failure atomically and answers the new state.
    public func recordFailure(for email: String, at now: Date) async throws -> SignInThrottle {
        try await self.database.transaction { db in
            struct Row: Decodable {
                let failures: Int
                let lockedUntil: Date?
            }
            let row = try await db.raw("SELECT failures, locked_until FROM sign_in_throttle WHERE email = \(bind: email)").row(Row.self)
            let next = SignInThrottle(failures: row?.failures ?? 0, lockedUntil: row?.lockedUntil).recordingFailure(at: now)
            try await db.raw("""
                INSERT INTO sign_in_throttle (email, failures, locked_until) VALUES (\(bind: email), \(bind: next.failures), \(bind: next.lockedUntil))
                ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until
                """).run()
            return next
        }
    }

    public func clear(for email: String) async throws {
        try await self.database.write("DELETE FROM sign_in_throttle WHERE email = \(bind: email)")
    }
}
