import Foundation
import SQLKit
import TandemCore

/// Failed sign-in counts per e-mail address and per network address, in the database so every instance sees the
/// same lock. The table keeps keyed digests of what was tried, never an address; rows whose count is over are
/// deleted as failures come in, so it holds only the last 15 minutes' worth.
public enum SignInThrottleStore {
    struct Row: Decodable {
        let failures: Int
        let lockedUntil: Date?
        let expiresAt: Date

        var throttle: SignInThrottle { SignInThrottle(failures: self.failures, lockedUntil: self.lockedUntil, expiresAt: self.expiresAt) }
    }

    public static func state(for value: String, kind: SignInThrottle.Kind, at now: Date, on tx: Transaction) async throws -> SignInThrottle {
        let row = try await tx.sql.raw(
            "SELECT failures, locked_until, expires_at FROM sign_in_throttle WHERE key = \(bind: Self.key(value, kind, tx)) AND expires_at > \(bind: now)"
        ).row(Row.self)
        return row?.throttle ?? SignInThrottle()
    }

    /// Records one failure atomically and answers the new state; forgets counts that are over.
    public static func recordFailure(for value: String, kind: SignInThrottle.Kind, at now: Date, on tx: Transaction) async throws
        -> SignInThrottle
    {
        try await tx.run("DELETE FROM sign_in_throttle WHERE expires_at <= \(bind: now)")
        let key = Self.key(value, kind, tx)
        let next = try await Self.state(for: value, kind: kind, at: now, on: tx).recordingFailure(at: now, kind: kind)
        try await tx.sql.raw(
            """
            INSERT INTO sign_in_throttle (key, kind, failures, locked_until, expires_at)
            VALUES (\(bind: key), \(bind: kind.rawValue), \(bind: next.failures), \(bind: next.lockedUntil), \(bind: next.expiresAt))
            ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, expires_at = excluded.expires_at
            """
        ).run()
        return next
    }

    /// What the table stores for a value: a keyed digest of it, apart per kind.
    private static func key(_ value: String, _ kind: SignInThrottle.Kind, _ tx: Transaction) -> String {
        tx.keys.lookupToken(kind == .email ? "throttle" : "throttle-address", value)
    }

    public static func clear(for value: String, kind: SignInThrottle.Kind, on tx: Transaction) async throws {
        try await tx.run("DELETE FROM sign_in_throttle WHERE key = \(bind: Self.key(value, kind, tx))")
    }

    /// How many rows the table holds (for the tests and the operations page).
    public static func count(on tx: Transaction) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await tx.sql.raw("SELECT COUNT(*) AS n FROM sign_in_throttle").row(Count.self)?.n ?? 0
    }
}
