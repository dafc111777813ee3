import Foundation

/// The three phases of every session (docs/MODEL.md §2): a distinct beginning, middle and end.
public enum Phase: String, Sendable, Codable, CaseIterable, Comparable {
    case opening, work, closing

    public var label: String {
        switch self {
        case .opening: "Opening"
        case .work: "Work"
        case .closing: "Closing"
        }
    }

    var order: Int { Phase.allCases.firstIndex(of: self)! }
    public static func < (a: Phase, b: Phase) -> Bool { a.order < b.order }
}

/// How a session's minutes are shared between the phases. The closing phase is never planned under five minutes:
/// the time to consolidate gains is the part most easily squeezed.
public struct PhasePlan: Sendable, Equatable, Codable {
    public var opening: Int
    public var work: Int
    public var closing: Int

    public init(opening: Int, work: Int, closing: Int) {
        self.opening = opening
        self.work = work
        self.closing = closing
    }

    public var total: Int { self.opening + self.work + self.closing }

    public static let minimumClosing = 5
    public static let lengthRange = 15...180
    public static let defaultLength = 50

    /// The share of a session each end phase gets by default, in percent (the rest is work).
    public struct Shares: Sendable, Equatable {
        public var opening: Int
        public var closing: Int
        public init(opening: Int, closing: Int) {
            self.opening = opening
            self.closing = closing
        }
        public static let standard = Shares(opening: 20, closing: 20)

        /// Percentages as typed; both 5 to 40, so work keeps at least 20%.
        public static func validated(opening: String?, closing: String?) throws(TandemError) -> Shares {
            var v = Validator()
            func percent(_ field: String, _ label: String, _ raw: String?) -> Int? {
                if let n = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (5...40).contains(n) { return n }
                v.fail(field, "\(label) must be a whole percentage from 5 to 40.")
                return nil
            }
            let o = percent("openingPercent", "Opening share", opening)
            let c = percent("closingPercent", "Closing share", closing)
            try v.check()
            return Shares(opening: o!, closing: c!)
        }
    }

    /// The plan for `length` minutes: the shares rounded to whole minutes (half up), work takes the rest, and the
    /// closing is raised to five minutes if rounding left it shorter. 50 minutes at 20/60/20 gives 10/30/10.
    public static func standard(length: Int, shares: Shares = .standard) -> PhasePlan {
        func share(_ percent: Int) -> Int { Int((Double(length * percent) / 100).rounded(.toNearestOrAwayFromZero)) }
        let opening = share(shares.opening)
        let closing = max(Self.minimumClosing, share(shares.closing))
        return PhasePlan(opening: opening, work: length - opening - closing, closing: closing)
    }

    /// Checks a plan typed for a session of `length` minutes, naming the field at fault.
    public func validated(length: Int) throws(TandemError) -> PhasePlan {
        var v = Validator()
        if self.opening < 1 { v.fail("plan.opening", "The opening needs at least 1 minute: the agreement is made there.") }
        if self.work < 1 { v.fail("plan.work", "The work phase needs at least 1 minute.") }
        if self.closing < Self.minimumClosing {
            v.fail("plan.closing", "The closing must be at least \(Self.minimumClosing) minutes, to consolidate gains.")
        }
        if v.errors.isEmpty, self.total != length {
            v.fail("plan", "The phases add up to \(self.total) minutes; they must add up to the session's \(length).")
        }
        try v.check()
        return self
    }

    /// Minutes planned for `phase`.
    public func minutes(_ phase: Phase) -> Int {
        switch phase {
        case .opening: self.opening
        case .work: self.work
        case .closing: self.closing
        }
    }

    /// Seconds from the start at which `phase` is planned to begin.
    public func plannedStart(of phase: Phase) -> Int {
        switch phase {
        case .opening: 0
        case .work: self.opening * 60
        case .closing: (self.opening + self.work) * 60
        }
    }
}

/// A practitioner's time zone (sessions are stored in UTC and shown in it) and default phase shares.
public struct SessionDefaults: Sendable, Equatable {
    public var timeZone: String
    public var shares: PhasePlan.Shares
    /// The format her progress notes are drafted in unless she picks another for a note.
    public var noteFormat: NoteFormat

    public init(timeZone: String, shares: PhasePlan.Shares, noteFormat: NoteFormat = .dap) {
        self.timeZone = timeZone
        self.shares = shares
        self.noteFormat = noteFormat
    }

    public static let standard = SessionDefaults(timeZone: "UTC", shares: .standard)

    /// The zone as Foundation knows it (UTC if the stored name is no longer known).
    public var zone: TimeZone { TimeZone(identifier: self.timeZone) ?? TimeZone(identifier: "UTC")! }

    public static func validated(
        timeZone: String?, openingPercent: String?, closingPercent: String?, noteFormat: String? = nil
    ) throws(TandemError) -> SessionDefaults {
        var v = Validator()
        var format = NoteFormat.dap
        if let noteFormat, !noteFormat.isEmpty {
            if let known = NoteFormat(rawValue: noteFormat) { format = known } else { v.fail("noteFormat", "Note format must be DAP, BIRP or SOAP.") }
        }
        let name = (timeZone ?? "").trimmingCharacters(in: .whitespaces)
        if TimeZone(identifier: name) == nil || name.isEmpty {
            v.fail("timeZone", "Time zone must be a name such as Europe/Berlin or America/New_York.")
        }
        var shares = PhasePlan.Shares.standard
        do {
            shares = try PhasePlan.Shares.validated(opening: openingPercent, closing: closingPercent)
        } catch {
            if case .validation(let errors) = error {
                for e in errors { v.fail(e.field, e.message) }
            }
        }
        try v.check()
        return SessionDefaults(timeZone: name, shares: shares, noteFormat: format)
    }
}
