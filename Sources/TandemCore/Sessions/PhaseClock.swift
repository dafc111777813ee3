import Foundation

/// What the phase clock shows, computed from stored times only: a reload or a second device reads the same.
public struct ClockReading: Sendable, Equatable {
    public let phase: Phase
    /// Seconds since the session started.
    public let elapsed: Int
    /// Seconds since the current phase began.
    public let phaseElapsed: Int
    /// Seconds left of the current phase's planned minutes (negative once over).
    public let phaseRemaining: Int
    /// Seconds left of the session's length (negative once over).
    public let sessionRemaining: Int
    public let warnings: [ClockWarning]
}

/// Visible warnings (never sounds), in the order they are shown.
public enum ClockWarning: String, Sendable, Equatable, CaseIterable {
    /// Two minutes or less before the closing phase should begin, while still in the opening or work.
    case closingSoon
    /// The closing budget has begun but the session is still in the work (or opening) phase.
    case closingSqueezed
    /// The session has run past its length.
    case overrun

    public var message: String {
        switch self {
        case .closingSoon: "The closing phase should begin in 2 minutes: time to move towards takeaways."
        case .closingSqueezed: "You are into the closing time while still working: move to closing to keep time for takeaways and action steps."
        case .overrun: "The session has run past its planned length."
        }
    }
}

public enum PhaseClock {
    public static let closingWarningSeconds = 120

    /// The clock of a running session at `now`.
    ///
    /// - `phase` is the last phase begun; its time left is its planned minutes minus the time since it began.
    /// - `closingSoon` from 2 minutes before the planned start of the closing (opening + work minutes after the
    ///   start) until that moment, unless the closing has begun; `closingSqueezed` from that moment on while the
    ///   closing has not begun; `overrun` once the session's length has passed.
    public static func read(plan: PhasePlan, startedAt: Date, changes: [PhaseChange], now: Date) -> ClockReading {
        let elapsed = max(0, Int(now.timeIntervalSince(startedAt).rounded(.down)))
        let last = changes.last ?? PhaseChange(phase: .opening, at: startedAt)
        let phaseElapsed = max(0, Int(now.timeIntervalSince(last.at).rounded(.down)))
        let closingAt = plan.plannedStart(of: .closing)
        let length = plan.total * 60
        var warnings: [ClockWarning] = []
        if last.phase < .closing {
            if elapsed >= closingAt {
                warnings.append(.closingSqueezed)
            } else if elapsed >= closingAt - Self.closingWarningSeconds {
                warnings.append(.closingSoon)
            }
        }
        if elapsed > length { warnings.append(.overrun) }
        return ClockReading(
            phase: last.phase, elapsed: elapsed, phaseElapsed: phaseElapsed, phaseRemaining: plan.minutes(last.phase) * 60 - phaseElapsed,
            sessionRemaining: length - elapsed, warnings: warnings
        )
    }

    /// "12:05", or "−1:30" when over.
    public static func format(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "−" : ""
        let s = abs(seconds)
        return "\(sign)\(s / 60):" + String(format: "%02d", s % 60)
    }
}
