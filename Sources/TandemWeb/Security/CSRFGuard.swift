import Crypto
import Foundation
import TandemApp

/// CSRF tokens: an HMAC of the visitor's session (or pre-session) cookie under a secret kept in the database,
/// so every instance issues and accepts the same tokens and none is kept in memory.
struct CSRFGuard: Sendable {
    /// The key's bytes (swift-crypto's SymmetricKey is not Sendable).
    let key: Data

    func token(for binding: String) -> String {
        Secrets.base64url(Data(HMAC<SHA256>.authenticationCode(for: Data(("csrf:" + binding).utf8), using: SymmetricKey(data: self.key))))
    }

    func isValid(_ token: String?, for binding: String?) -> Bool {
        guard let token, let binding, !binding.isEmpty else { return false }
        return Secrets.constantTimeEqual(token, self.token(for: binding))
    }
}
