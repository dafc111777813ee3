import Foundation

/// The rules of two-step sign-in (TOTP, RFC 6238): 30-second steps, six digits, one step of clock drift either way,
/// each step accepted once; ten single-use recovery codes; a sign-in's second step must follow its first within
/// five minutes.
public enum SecondFactor {
    public static let stepSeconds: Int64 = 30
    public static let drift: Int64 = 1
    public static let recoveryCodeCount = 10
    public static let challengeLifetime: TimeInterval = 5 * 60
    /// The alphabet of secrets and recovery codes (RFC 4648 base32: no 0, 1, 8 or 9 to misread).
    public static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// The time step of an instant.
    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / Double(Self.stepSeconds)).rounded(.down)) }

    /// The steps a code typed at `date` may belong to, the current one first.
    public static func candidateSteps(at date: Date) -> [Int64] {
        let now = Self.step(at: date)
        return [now] + (1...Self.drift).flatMap { [now - $0, now + $0] }
    }

    /// A six-digit code as typed ("123 456", "123-456"), or nil if it is not one.
    public static func totpCode(_ raw: String?) -> String? {
        let digits = (raw ?? "").filter { $0 != " " && $0 != "-" }
        return digits.count == 6 && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? digits : nil
    }

    /// A recovery code as typed (any case, spaces and hyphens anywhere), in its stored form `xxxx-xxxx-xxxx`, or nil.
    public static func recoveryCode(_ raw: String?) -> String? {
        let letters = (raw ?? "").lowercased().filter { $0 != " " && $0 != "-" }
        guard letters.count == 12, letters.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        let chars = Array(letters)
        return [chars[0..<4], chars[4..<8], chars[8..<12]].map { String($0) }.joined(separator: "-")
    }

    /// Random bytes as letters of the alphabet, 5 bits each (32 letters: every byte value picks one evenly).
    public static func letters(_ bytes: [UInt8]) -> String { String(bytes.map { Self.alphabet[Int($0) % 32] }) }

    /// A recovery code made from 12 random bytes (60 bits).
    public static func makeRecoveryCode(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 12)
        return Self.recoveryCode(Self.letters(bytes))!
    }

    public static let refusedMessage = "That code is not right. Type the six digits your app shows now, or one of your recovery codes."
    public static let replayMessage = "That code was just used. Wait for your app to show the next one."
    public static let challengeEndedMessage = "That sign-in has run out: sign in again with your email and password."
}
