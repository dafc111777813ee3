import Crypto
import Foundation

/// Random tokens and their stored digests.
enum Secrets {
    /// 32 random bytes as base64url text (no padding): cookie-safe and URL-safe.
    static func randomToken(prefix: String = "") -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + base64url(bytes)
    }

    /// The SHA-256 of a token, hex: what the database stores instead of the token.
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

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
