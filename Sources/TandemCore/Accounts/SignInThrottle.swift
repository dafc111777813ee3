import Foundation

/// The sign-in lockout rule: after `maximumFailures` failed sign-ins for one e-mail address, sign-in is refused until
/// `lockDuration` has passed. It is kept per e-mail address, whether or not an account exists, so that the answer
/// never reveals which addresses have accounts.
public struct SignInThrottle: Sendable, Equatable {
    public static let maximumFailures = 5
    public static let lockDuration: TimeInterval = 15 * 60

    public var failures: Int
    public var lockedUntil: Date?

    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    /// Whether sign-in is refused at `now` without even checking the password.
    public func isLocked(at now: Date) -> Bool {
        if let lockedUntil, lockedUntil > now { return true }
        return false
    }

    /// The state after one more failure at `now`.
    public func recordingFailure(at now: Date) -> SignInThrottle {
        // A lock that has run out starts a fresh count.
        let base = (self.lockedUntil.map { $0 <= now } ?? false) ? 0 : self.failures
        let failures = base + 1
        return SignInThrottle(
            failures: failures,
            lockedUntil: failures >= Self.maximumFailures ? now.addingTimeInterval(Self.lockDuration) : nil
        )
    }

    /// Minutes (rounded up) until the lock ends.
    public func minutesLeft(at now: Date) -> Int {
        guard let lockedUntil else { return 0 }
        return max(1, Int((lockedUntil.timeIntervalSince(now) / 60).rounded(.up)))
    }

    public static let refusedMessage = "The email or password is not right."

    public static func lockedMessage(minutes: Int) -> String {
        "Too many failed sign-ins for this email: sign-in is paused for \(minutes) minute\(minutes == 1 ? "" : "s"). Try again later."
    }
}
