import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops: a hash takes long enough to stall every other request on the loop.
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password, checked when an e-mail has no account so that the answer takes as long.
    let decoy: String

    init(cost: UInt8) async throws {
        self.cost = cost
        let c = cost
        self.decoy = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(Secrets.randomToken(), cost: c) }
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? self.decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
