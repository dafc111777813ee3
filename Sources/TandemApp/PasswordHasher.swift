import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes long enough to stall every other request on the loop. It has a
/// thread of its own: on the shared pool a sign-in (a quarter second at cost 12) took one of the threads SQLite's
/// queries run on.
///
/// bcrypt reads at most 72 bytes and stops at a NUL, so a password is pre-hashed: bcrypt hashes the base64 of its
/// SHA-256 (44 bytes, no NUL), and every byte of any length counts. Hashes made before (plain bcrypt, no prefix)
/// still verify, for passwords bcrypt could have read whole, and are replaced at the next sign-in.
public struct PasswordHasher: Sendable {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// What a pre-hashed bcrypt hash starts with.
    static let prefix = "sha256-bcrypt$"

    public let cost: UInt8
    /// A hash of a random password, checked when an e-mail has no account so that the answer takes as long.
    let decoy: String

    public init(cost: UInt8) async throws {
        self.cost = cost
        let c = cost
        let random = Self.prehash(Secrets.randomToken())
        self.decoy = try await Self.pool.runIfActive { Self.prefix + Bcrypt.hash(random, cost: c) }
    }

    /// The text bcrypt sees: the base64 of SHA-256 over a domain label and the password's UTF-8 bytes.
    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(("tandem password\u{0}" + password).utf8))).base64EncodedString()
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        let input = Self.prehash(password)
        return try await Self.pool.runIfActive { Self.prefix + Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` is the one `hash` was made from (the decoy's time when there is no hash). A hash from
    /// before the pre-hash only matches a password bcrypt read whole: no NUL, at most 72 bytes.
    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? self.decoy
        let input: String
        let stored: String
        var possible = hash != nil
        if target.hasPrefix(Self.prefix) {
            input = Self.prehash(password)
            stored = String(target.dropFirst(Self.prefix.count))
        } else {
            possible = possible && !password.utf8.contains(0) && password.utf8.count <= 72
            input = password
            stored = target
        }
        let matches = try await Self.pool.runIfActive { Bcrypt.verify(input, hash: stored) }
        return matches && possible
    }

    /// Whether a stored hash is of the old kind, to be replaced after the next sign-in that proves the password.
    public func needsUpgrade(_ hash: String) -> Bool { !hash.hasPrefix(Self.prefix) }
}
