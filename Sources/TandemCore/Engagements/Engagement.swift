import Foundation

/// The one role a practitioner holds with a client: therapist or coach. Never both, not even one after the other.
public enum EngagementRole: String, Sendable, Codable, CaseIterable {
    case therapy
    case coaching

    /// "therapist" or "coach", as in "Practitioner X is this client's therapist".
    public var practitionerNoun: String { self == .therapy ? "therapist" : "coach" }
    public var label: String { self == .therapy ? "Therapy" : "Coaching" }
}

public enum EngagementStatus: String, Sendable, Codable, CaseIterable {
    case open
    case closed
}

/// One practitioner, one client, one role, with its contract.
public struct Engagement: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Engagement>

    public let id: ID
    public let clientID: Client.ID
    public let practitionerID: Account.ID
    public let role: EngagementRole
    public var status: EngagementStatus
    public var contract: EngagementContract
    /// Set when a boundary incident is recorded: the practice owner reviews the engagement.
    public var needsReview: Bool
    /// Coaching-edge tools paused (e.g. on a risk signal) until the therapist re-screens.
    public var pause: CoachingPause?
    /// The client's consent to the coaching edge, as it stands (given, or given and withdrawn); nil if never given.
    public var consent: ConsentState?
    public let createdAt: Date
    public var closedAt: Date?

    public init(
        id: ID, clientID: Client.ID, practitionerID: Account.ID, role: EngagementRole, status: EngagementStatus, contract: EngagementContract,
        needsReview: Bool, pause: CoachingPause?, createdAt: Date, closedAt: Date?, consent: ConsentState? = nil
    ) {
        self.consent = consent
        self.id = id
        self.clientID = clientID
        self.practitionerID = practitionerID
        self.role = role
        self.status = status
        self.contract = contract
        self.needsReview = needsReview
        self.pause = pause
        self.createdAt = createdAt
        self.closedAt = closedAt
    }

    /// Whether the client's consent to the coaching edge is on file and not withdrawn.
    public var consentStands: Bool { self.consent != nil && self.consent?.withdrawnAt == nil }

    /// Throws `engagement_closed` unless the engagement is open: a closed engagement takes no new records.
    public func requireOpen() throws(TandemError) {
        guard self.status == .open else {
            throw .conflict(code: .engagementClosed, message: "This engagement is closed. Open a new one in the same role to continue.")
        }
    }
}

/// Why and since when the coaching-edge tools are paused.
public struct CoachingPause: Sendable, Equatable {
    public let reason: String
    public let since: Date

    public init(reason: String, since: Date) {
        self.reason = reason
        self.since = since
    }
}

/// The short-term contract: when it starts, how many sessions, when to review, and the client's goals in their words.
public struct EngagementContract: Sendable, Equatable {
    public var startDate: LocalDate
    public var plannedSessions: Int
    public var reviewDate: LocalDate
    public var goals: [String]

    public init(startDate: LocalDate, plannedSessions: Int, reviewDate: LocalDate, goals: [String]) {
        self.startDate = startDate
        self.plannedSessions = plannedSessions
        self.reviewDate = reviewDate
        self.goals = goals
    }

    public static let defaultSessions = 12
    public static let sessionRange = 1...52
    public static let maximumGoals = 5
    public static let maximumGoalLength = 500
}

/// A new engagement as typed, before it is checked.
public struct EngagementDraft: Sendable, Equatable {
    public var role: String?
    public var plannedSessions: String?
    public var startDate: String?
    public var reviewDate: String?
    public var goals: [String]

    public init(role: String?, plannedSessions: String? = nil, startDate: String? = nil, reviewDate: String? = nil, goals: [String]) {
        self.role = role
        self.plannedSessions = plannedSessions
        self.startDate = startDate
        self.reviewDate = reviewDate
        self.goals = goals
    }

    /// Checks every field. The review date defaults to one week per planned session after the start.
    public func validated(today: LocalDate) throws(TandemError) -> (role: EngagementRole, contract: EngagementContract) {
        var v = Validator()
        let role = EngagementRole(rawValue: (self.role ?? "").trimmingCharacters(in: .whitespaces))
        if role == nil { v.fail("role", "Role must be therapy or coaching.") }
        var sessions = EngagementContract.defaultSessions
        if let raw = self.plannedSessions?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let n = Int(raw), EngagementContract.sessionRange.contains(n) {
                sessions = n
            } else {
                v.fail("plannedSessions", "Planned sessions must be a whole number from 1 to 52 (the model is short-term; 12 is usual).")
            }
        }
        let start = v.date("startDate", "Start date", self.startDate, notAfter: nil, notBefore: LocalDate(year: 2000, month: 1, day: 1)) ?? today
        let review = v.date("reviewDate", "Review date", self.reviewDate, notAfter: nil, notBefore: start) ?? start.adding(days: 7 * sessions)
        let goals = self.goals
        if goals.isEmpty { v.fail("goals", "Write at least one goal, in the client's own words.") }
        if goals.count > EngagementContract.maximumGoals {
            v.fail("goals", "At most \(EngagementContract.maximumGoals) goals: a short-term contract keeps its focus.")
        }
        for (i, goal) in goals.enumerated() {
            _ = v.required("goals", "Goal \(i + 1)", goal, max: EngagementContract.maximumGoalLength, lines: .multiple)
        }
        try v.check()
        return (role!, EngagementContract(startDate: start, plannedSessions: sessions, reviewDate: review, goals: goals))
    }
}

/// The rule that keeps the therapist and coach roles apart (docs/MODEL.md §9, after Grodzki: "the roles of therapist
/// and coach for a client are distinct and need to be kept separate").
///
/// For one practitioner and one client there is only ever one role. A new engagement in the same role after an
/// earlier one closed is allowed; one in the other role is refused however long ago the first one ended. Another
/// practitioner may hold the other role. While one engagement is open, a second one for the pair is refused too.
/// A coaching engagement needs a coaching credential on the practitioner's profile.
public enum RoleSeparation {
    /// - Parameters:
    ///   - history: every engagement, open or closed, between this practitioner and this client.
    public static func check(
        opening role: EngagementRole, practitioner: Account, history: [Engagement]
    ) throws(TandemError) {
        if let other = history.first(where: { $0.role != role }) {
            let when = other.status == .open ? "is" : "was"
            throw .conflict(
                code: .roleSeparation,
                message:
                    "\(practitioner.name) \(when) this client's \(other.role.practitionerNoun); the roles of therapist and coach are kept separate, "
                    + "even after a break. Refer the client to another \(role.practitionerNoun)."
            )
        }
        if history.contains(where: { $0.status == .open }) {
            throw .conflict(
                code: .engagementOpen,
                message: "This client already has an open \(role.rawValue) engagement with \(practitioner.name). Close it before opening another.")
        }
        if role == .coaching, (practitioner.coachingCredential ?? "").isEmpty {
            throw .conflict(
                code: .noCoachingCredential,
                message:
                    "\(practitioner.name) has no coaching credential recorded, so cannot open a coaching engagement. Record it on the account page first."
            )
        }
    }
}

extension LocalDate {
    /// The date `days` later (or earlier, if negative).
    public func adding(days: Int) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: self.year, month: self.month, day: self.day))!
        return LocalDate(calendar.date(byAdding: .day, value: days, to: date)!)
    }

    /// Whole days from `self` to `other`.
    public func days(until other: LocalDate) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let a = calendar.date(from: DateComponents(year: self.year, month: self.month, day: self.day))!
        let b = calendar.date(from: DateComponents(year: other.year, month: other.month, day: other.day))!
        return calendar.dateComponents([.day], from: a, to: b).day!
    }
}
