import Foundation

/// The sign-in lockout rule, kept for each e-mail address tried and for each network address trying.
///
/// - An e-mail address: after 5 failed sign-ins within 15 minutes, sign-in for it is refused for 15 minutes. It is
///   kept whether or not an account exists, so the answer never reveals which addresses have accounts.
/// - A network address: after 20 failed sign-ins within 15 minutes, whatever e-mail addresses they named, sign-in
///   from it is refused for 15 minutes (one password tried against many accounts).
///
/// A count starts again once its window or its lock has run out; the row that holds it may then be deleted.
public struct SignInThrottle: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case email, address

        public var maximumFailures: Int { self == .email ? 5 : 20 }
    }

    public static let window: TimeInterval = 15 * 60
    public static let lockDuration: TimeInterval = 15 * 60

    public var failures: Int
    public var lockedUntil: Date?
    /// When this count is over and may be forgotten: the end of its window, or of its lock.
    public var expiresAt: Date?

    public init(failures: Int = 0, lockedUntil: Date? = nil, expiresAt: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
        self.expiresAt = expiresAt
    }

    /// Whether sign-in is refused at `now` without even checking the password.
    public func isLocked(at now: Date) -> Bool {
        if let lockedUntil, lockedUntil > now { return true }
        return false
    }

    /// The state after one more failure at `now`.
    public func recordingFailure(at now: Date, kind: Kind = .email) -> SignInThrottle {
        // A count whose window or lock has run out starts again.
        let over = (self.expiresAt.map { $0 <= now } ?? false) || (self.lockedUntil.map { $0 <= now } ?? false)
        let failures = (over ? 0 : self.failures) + 1
        let lockedUntil = failures >= kind.maximumFailures ? now.addingTimeInterval(Self.lockDuration) : nil
        return SignInThrottle(failures: failures, lockedUntil: lockedUntil, expiresAt: lockedUntil ?? now.addingTimeInterval(Self.window))
    }

    /// Minutes (rounded up) until the lock ends.
    public func minutesLeft(at now: Date) -> Int {
        guard let lockedUntil else { return 0 }
        return max(1, Int((lockedUntil.timeIntervalSince(now) / 60).rounded(.up)))
    }

    public static let refusedMessage = "The email or password is not right."

    public static func lockedMessage(minutes: Int, kind: Kind = .email) -> String {
        let whose = kind == .email ? "for this email" : "from this network"
        return "Too many failed sign-ins \(whose): sign-in is paused for \(minutes) minute\(minutes == 1 ? "" : "s"). Try again later."
    }
}
