import Foundation

/// yes / partly / no, for the three capacity items.
public enum Capacity: String, Sendable, Codable, CaseIterable {
    case yes, partly, no
    public var label: String { self.rawValue.capitalized }
}

/// Stages of change (Prochaska and DiClemente).
public enum ReadinessStage: String, Sendable, Codable, CaseIterable {
    case precontemplation, contemplation, preparation, action, maintenance
    public var label: String { self.rawValue.capitalized }
}

public enum DirectivePreference: String, Sendable, Codable, CaseIterable {
    case yes, unsure, no
    public var label: String { self.rawValue.capitalized }
}

/// Signals that make a directive, action-oriented method unsafe now, whatever else is answered.
public enum SafetyFlag: String, Sendable, Codable, CaseIterable {
    case acuteRisk, crisis, psychosisOrMania, severeSubstanceUse, recentTraumaOrLoss

    public var label: String {
        switch self {
        case .acuteRisk: "Acute suicide risk"
        case .crisis: "Current crisis"
        case .psychosisOrMania: "Active psychosis or mania"
        case .severeSubstanceUse: "Severe substance use"
        case .recentTraumaOrLoss: "Recent trauma or loss"
        }
    }
}

public enum ScreeningResult: String, Sendable, Codable, CaseIterable {
    case coachable, coachableWithCare, notNow

    public var label: String {
        switch self {
        case .coachable: "Coachable"
        case .coachableWithCare: "Coachable, with care"
        case .notNow: "Not now"
        }
    }
}

/// The answers of one coachability screening.
public struct ScreeningAnswers: Sendable, Equatable {
    public var stability: Capacity
    public var functioning: Capacity
    public var followThrough: Capacity
    public var readiness: ReadinessStage
    /// Readiness ruler: how important the change is to the client, 0 to 10.
    public var importance: Int
    /// Readiness ruler: how confident the client is of making it, 0 to 10.
    public var confidence: Int
    public var directivePreference: DirectivePreference
    public var safetyFlags: Set<SafetyFlag>

    public init(
        stability: Capacity, functioning: Capacity, followThrough: Capacity, readiness: ReadinessStage, importance: Int, confidence: Int,
        directivePreference: DirectivePreference, safetyFlags: Set<SafetyFlag>
    ) {
        self.stability = stability
        self.functioning = functioning
        self.followThrough = followThrough
        self.readiness = readiness
        self.importance = importance
        self.confidence = confidence
        self.directivePreference = directivePreference
        self.safetyFlags = safetyFlags
    }
}

/// The computed result with every reason that led to it.
public struct ScreeningOutcome: Sendable, Equatable {
    public let result: ScreeningResult
    public let reasons: [String]
    /// True when a safety flag decided the result: such a result can never be overridden.
    public let safetyFlagged: Bool

    public init(result: ScreeningResult, reasons: [String], safetyFlagged: Bool) {
        self.result = result
        self.reasons = reasons
        self.safetyFlagged = safetyFlagged
    }
}

/// Who is coachable (docs/MODEL.md §1): a directive, action-oriented, short-term method suits some clients and is too
/// exacting for vulnerable ones.
///
/// The rules, applied in order; the first that matches decides, and every matching item is listed as a reason:
///
/// | # | When                                                                              | Result              |
/// |---|-----------------------------------------------------------------------------------|---------------------|
/// | 1 | any safety flag (acute risk, crisis, psychosis or mania, severe substance use, recent trauma or loss) | notNow, never overridable |
/// | 2 | stability, day-to-day functioning or capacity to act between sessions is "no"     | notNow              |
/// | 3 | readiness is precontemplation (not yet considering change)                         | notNow              |
/// | 4 | the client does not want a directive style ("no")                                  | notNow              |
/// | 5 | any capacity item is "partly", readiness is contemplation, or directive style is "unsure" | coachableWithCare |
/// | 6 | otherwise: all three capacity items "yes", readiness preparation, action or maintenance, directive style "yes" | coachable |
///
/// The readiness rulers (importance and confidence, 0 to 10) are recorded and shown beside the result to guide the
/// conversation, but do not decide it. A therapist may override `coachableWithCare` to either side with a written
/// reason (`ScreeningOverride`); no other result can be overridden.
public enum Coachability {
    public static func assess(_ a: ScreeningAnswers) -> ScreeningOutcome {
        if !a.safetyFlags.isEmpty {
            let flags = SafetyFlag.allCases.filter { a.safetyFlags.contains($0) }
            return ScreeningOutcome(result: .notNow, reasons: flags.map { "Safety flag: \($0.label)." }, safetyFlagged: true)
        }
        let capacities: [(String, Capacity)] = [
            ("Stability", a.stability), ("Day-to-day functioning", a.functioning), ("Capacity to act between sessions", a.followThrough),
        ]
        var notNow: [String] = capacities.filter { $0.1 == .no }.map { "\($0.0): no." }
        if a.readiness == .precontemplation { notNow.append("Readiness: precontemplation (not yet considering change).") }
        if a.directivePreference == .no { notNow.append("The client does not want a directive style.") }
        if !notNow.isEmpty { return ScreeningOutcome(result: .notNow, reasons: notNow, safetyFlagged: false) }

        var care: [String] = capacities.filter { $0.1 == .partly }.map { "\($0.0): partly." }
        if a.readiness == .contemplation { care.append("Readiness: contemplation (weighing change, not yet preparing).") }
        if a.directivePreference == .unsure { care.append("Unsure about a directive style.") }
        if !care.isEmpty { return ScreeningOutcome(result: .coachableWithCare, reasons: care, safetyFlagged: false) }

        return ScreeningOutcome(
            result: .coachable,
            reasons: [
                "Stable, functioning day to day, and able to act between sessions.",
                "Readiness: \(a.readiness.rawValue).",
                "Prefers a directive style.",
            ],
            safetyFlagged: false
        )
    }
}

/// A screening as typed (form or JSON), before it is checked. Numbers arrive as text from forms.
public struct ScreeningDraft: Sendable, Equatable {
    public var stability: String?
    public var functioning: String?
    public var followThrough: String?
    public var readiness: String?
    public var importance: String?
    public var confidence: String?
    public var directivePreference: String?
    public var safetyFlags: [String]

    public init(
        stability: String?, functioning: String?, followThrough: String?, readiness: String?, importance: String?, confidence: String?,
        directivePreference: String?, safetyFlags: [String]
    ) {
        self.stability = stability
        self.functioning = functioning
        self.followThrough = followThrough
        self.readiness = readiness
        self.importance = importance
        self.confidence = confidence
        self.directivePreference = directivePreference
        self.safetyFlags = safetyFlags
    }

    public func validated() throws(TandemError) -> ScreeningAnswers {
        var v = Validator()
        func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ label: String, _ raw: String?, _: T.Type) -> T?
        where T.RawValue == String {
            if let value = raw.flatMap({ T(rawValue: $0.trimmingCharacters(in: .whitespaces)) }) { return value }
            v.fail(field, "\(label): choose one of \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
            return nil
        }
        func ruler(_ field: String, _ label: String, _ raw: String?) -> Int? {
            if let n = raw.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (0...10).contains(n) { return n }
            v.fail(field, "\(label) must be a whole number from 0 to 10.")
            return nil
        }
        let stability = choice("stability", "Stability", self.stability, Capacity.self)
        let functioning = choice("functioning", "Day-to-day functioning", self.functioning, Capacity.self)
        let followThrough = choice("followThrough", "Capacity to act between sessions", self.followThrough, Capacity.self)
        let readiness = choice("readiness", "Readiness for change", self.readiness, ReadinessStage.self)
        let importance = ruler("importance", "Importance", self.importance)
        let confidence = ruler("confidence", "Confidence", self.confidence)
        let directive = choice("directivePreference", "Preference for a directive style", self.directivePreference, DirectivePreference.self)
        var flags: Set<SafetyFlag> = []
        for raw in self.safetyFlags {
            if let flag = SafetyFlag(rawValue: raw) {
                flags.insert(flag)
            } else {
                v.fail("safetyFlags", "Unknown safety flag \(raw): use \(SafetyFlag.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        try v.check()
        return ScreeningAnswers(
            stability: stability!, functioning: functioning!, followThrough: followThrough!, readiness: readiness!, importance: importance!,
            confidence: confidence!, directivePreference: directive!, safetyFlags: flags
        )
    }
}

/// One dated screening of an engagement.
public struct Screening: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Screening>

    public let id: ID
    public let engagementID: Engagement.ID
    public let answers: ScreeningAnswers
    public let outcome: ScreeningOutcome
    public var override: ScreeningOverride?
    public let screenedBy: Account.ID
    public let screenedAt: Date

    public init(
        id: ID, engagementID: Engagement.ID, answers: ScreeningAnswers, outcome: ScreeningOutcome, override: ScreeningOverride?,
        screenedBy: Account.ID,
        screenedAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.answers = answers
        self.outcome = outcome
        self.override = override
        self.screenedBy = screenedBy
        self.screenedAt = screenedAt
    }

    /// The result that counts: the therapist's override if she made one, else the computed one.
    public var result: ScreeningResult { self.override?.result ?? self.outcome.result }
}

/// A therapist's written decision to move a `coachableWithCare` screening to either side.
public struct ScreeningOverride: Sendable, Equatable {
    public let result: ScreeningResult
    public let reason: String
    public let by: Account.ID
    public let at: Date

    public init(result: ScreeningResult, reason: String, by: Account.ID, at: Date) {
        self.result = result
        self.reason = reason
        self.by = by
        self.at = at
    }

    public static let minimumReason = 20
    public static let maximumReason = 2000

    /// Checks an override of `screening`: only a computed `coachableWithCare`, only to `coachable` or `notNow`, once,
    /// with a reason of at least 20 characters.
    public static func check(_ screening: Screening, to rawResult: String?, reason rawReason: String?) throws(TandemError) -> (
        ScreeningResult, String
    ) {
        if screening.outcome.safetyFlagged {
            throw .conflict(
                code: .overrideRefused,
                message: "A safety flag decided this screening: it cannot be overridden. Re-screen when the situation has changed.")
        }
        guard screening.outcome.result == .coachableWithCare else {
            throw .conflict(code: .overrideRefused, message: "Only a \"coachable, with care\" result can be overridden.")
        }
        guard screening.override == nil else {
            throw .conflict(code: .overrideRefused, message: "This screening has already been overridden. Screen again to reach a new decision.")
        }
        var v = Validator()
        let result = rawResult.flatMap(ScreeningResult.init(rawValue:))
        if result == nil || result == .coachableWithCare { v.fail("result", "Override to coachable or notNow.") }
        let reason = v.required("reason", "Reason", rawReason, max: Self.maximumReason, min: Self.minimumReason, lines: .multiple)
        try v.check()
        return (result!, reason)
    }
}

/// When to screen again: after 8 sessions or 90 days since the last screening.
public enum Rescreen {
    public static let afterDays = 90
    public static let afterSessions = 8

    public static func isDue(lastScreenedOn: LocalDate, today: LocalDate, sessionsSince: Int) -> Bool {
        lastScreenedOn.days(until: today) >= Self.afterDays || sessionsSince >= Self.afterSessions
    }
}

/// Whether the coaching-edge tools (session agreement push, powerful questions, action steps) are offered.
public enum CoachingState: Sendable, Equatable {
    case notScreened
    case coachable
    case coachableWithCare
    case notNow
    /// Paused by a risk signal (or by the therapist) until the next screening.
    case paused(reason: String, since: Date)
    /// Screened coachable, but the client's informed consent to the coaching edge is not on file (never given, or
    /// withdrawn at `withdrawnAt`).
    case consentNeeded(withdrawnAt: Date?)

    /// The state from the latest screening; a pause outranks it until a newer screening is recorded. The screening
    /// speaks first: only a coachable engagement asks for consent.
    public static func of(_ engagement: Engagement, latest: Screening?) -> CoachingState {
        if let pause = engagement.pause { return .paused(reason: pause.reason, since: pause.since) }
        guard let latest else { return .notScreened }
        let screened: CoachingState
        switch latest.result {
        case .coachable: screened = .coachable
        case .coachableWithCare: screened = .coachableWithCare
        case .notNow: return .notNow
        }
        return engagement.consentStands ? screened : .consentNeeded(withdrawnAt: engagement.consent?.withdrawnAt)
    }

    /// What stands between the engagement and the coaching-edge tools, each by its API name: `screening` (none, or
    /// the latest says not now), `consent` (never given, or withdrawn), `liftedPause` (a pause stands).
    public static func missing(_ engagement: Engagement, latest: Screening?) -> [String] {
        var missing: [String] = []
        if latest == nil || latest?.result == .notNow { missing.append("screening") }
        if !engagement.consentStands { missing.append("consent") }
        if engagement.pause != nil { missing.append("liftedPause") }
        return missing
    }

    /// Tools are offered while coachable, and while coachable with care (with the reasons in view).
    public var toolsAvailable: Bool {
        switch self {
        case .coachable, .coachableWithCare: true
        default: false
        }
    }

    /// The name used in the API.
    public var code: String {
        switch self {
        case .notScreened: "notScreened"
        case .coachable: "coachable"
        case .coachableWithCare: "coachableWithCare"
        case .notNow: "notNow"
        case .paused: "paused"
        case .consentNeeded: "consentNeeded"
        }
    }

    public var explanation: String {
        switch self {
        case .notScreened: "Not screened yet: the coaching-edge tools are offered once a screening says the client is coachable."
        case .coachable: "Coachable: the coaching-edge tools are offered."
        case .coachableWithCare: "Coachable, with care: the coaching-edge tools are offered; keep the screening's reasons in view."
        case .notNow:
            "Not now: the latest screening says a directive, action-oriented method does not fit yet. The coaching-edge tools are not offered."
        case .paused(let reason, _): "Paused: \(reason) The coaching-edge tools are not offered until the client is screened again."
        case .consentNeeded(nil):
            "Consent needed: the client is screened coachable, but their informed consent to a more directive, action-oriented, short-term way of working is not on file. Record it as given in the room, or the client agrees in the portal."
        case .consentNeeded(.some):
            "Consent withdrawn: the client withdrew their consent to the coaching edge in the portal. The coaching-edge tools are paused until they consent again."
        }
    }

    /// Throws `not_coachable` unless the tools are available (`consent_needed` when only the consent is missing).
    public func requireTools() throws(TandemError) {
        if case .consentNeeded = self { throw .conflict(code: .consentNeeded, message: self.explanation) }
        guard self.toolsAvailable else { throw .conflict(code: .notCoachable, message: self.explanation) }
    }
}

extension CoachingPause {
    /// A pause the practitioner makes herself needs a reason of 5 to this many characters.
    public static let reasonLimit = 500

    /// The reason, or a validation error naming `reason`.
    public static func validatedReason(_ reason: String?) throws(TandemError) -> String {
        var v = Validator()
        let reason = v.required("reason", "Reason", reason, max: Self.reasonLimit, min: 5, lines: .multiple)
        try v.check()
        return reason
    }
}
