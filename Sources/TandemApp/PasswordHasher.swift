import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes long enough to stall every other request on the loop. It has a
/// thread of its own: on the shared pool a sign-in (a quarter second at cost 12) took one of the threads SQLite's
/// queries run on.
public struct PasswordHasher: Sendable {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    public let cost: UInt8
    /// A hash of a random password, checked when an e-mail has no account so that the answer takes as long.
    let decoy: String

    public init(cost: UInt8) async throws {
        self.cost = cost
        let c = cost
        self.decoy = try await Self.pool.runIfActive { Bcrypt.hash(Secrets.randomToken(), cost: c) }
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await Self.pool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? self.decoy
        let matches = try await Self.pool.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
