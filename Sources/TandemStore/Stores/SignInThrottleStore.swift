import Foundation
import SQLKit
import TandemCore

/// Failed sign-in counts per e-mail address, in the database so every instance sees the same lock. The table keeps a
/// keyed digest of each address tried, never the address.
public enum SignInThrottleStore {

    public static func state(for email: String, on tx: Transaction) async throws -> SignInThrottle {
        struct Row: Decodable {
            let failures: Int
            let lockedUntil: Date?
        }
        let row = try await tx.sql.raw(
            "SELECT failures, locked_until FROM sign_in_throttle WHERE email = \(bind: Self.key(email, tx))"
        ).row(Row.self)
        return SignInThrottle(failures: row?.failures ?? 0, lockedUntil: row?.lockedUntil)
    }

    /// Records one failure atomically and answers the new state.
    public static func recordFailure(for email: String, at now: Date, on tx: Transaction) async throws -> SignInThrottle {
        let key = Self.key(email, tx)
        struct Row: Decodable {
            let failures: Int
            let lockedUntil: Date?
        }
        let row = try await tx.sql.raw(
            "SELECT failures, locked_until FROM sign_in_throttle WHERE email = \(bind: key)"
        ).row(Row.self)
        let next = SignInThrottle(failures: row?.failures ?? 0, lockedUntil: row?.lockedUntil).recordingFailure(at: now)
        try await tx.sql.raw(
            """
            INSERT INTO sign_in_throttle (email, failures, locked_until) VALUES (\(bind: key), \(bind: next.failures), \(bind: next.lockedUntil))
            ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until
            """
        ).run()
        return next
    }

    /// What the table stores for an address: a keyed digest of it.
    private static func key(_ email: String, _ tx: Transaction) -> String { tx.keys.lookupToken("throttle", email) }

    public static func clear(for email: String, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM sign_in_throttle WHERE email = \(bind: Self.key(email, tx))")
    }
}
