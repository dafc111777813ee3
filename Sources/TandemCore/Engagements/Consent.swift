import Foundation

/// How consent to the coaching edge was given.
public enum ConsentMethod: String, Sendable, Codable, CaseIterable {
    /// Agreed by the client in the portal, with their typed name and the date.
    case portal
    /// Given in the room, recorded by the practitioner.
    case inRoom

    public var label: String { self == .portal ? "agreed by the client in the portal" : "given in the room, recorded by the practitioner" }
}

/// The engagement's consent as it stands: which version of the practice's text, how, when, and whether withdrawn.
public struct ConsentState: Sendable, Equatable {
    public let version: Int
    public let method: ConsentMethod
    public let at: Date
    public let withdrawnAt: Date?

    public init(version: Int, method: ConsentMethod, at: Date, withdrawnAt: Date?) {
        self.version = version
        self.method = method
        self.at = at
        self.withdrawnAt = withdrawnAt
    }
}

/// The practice's consent text, versioned: every consent keeps the version it agreed to.
public struct ConsentText: Sendable, Equatable {
    public let version: Int
    public let text: String

    public init(version: Int, text: String) {
        self.version = version
        self.text = text
    }

    public static let limit = 4000

    /// The text a practice starts with (version 1).
    public static let standard = """
        Therapy with a coaching edge. Some of our sessions may be more directive and action-oriented than talking \
        therapy usually is: at the start of each session you say where you want to go that day; during the session \
        I may ask pointed questions and highlight moments of progress; at the end we agree small, concrete steps for \
        you to take before the next session, which you will see in your portal. This way of working is short-term and \
        goal-focused, and it is offered only while it suits you: we proceed slowly, within my licence, and if your \
        wellbeing calls for it we return to ordinary therapy. You may withdraw this consent at any time in your portal \
        or by telling me; withdrawing does not end our work together.
        """

    public static func validated(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("consentText", "The consent text", text, max: Self.limit, lines: .multiple)
        try v.check()
        return text
    }

    /// The client's typed name, agreeing in the portal.
    public static let nameLimit = 200

    public static func validatedName(_ name: String?) throws(TandemError) -> String {
        var v = Validator()
        let name = v.required("typedName", "Your name", name, max: Self.nameLimit)
        try v.check()
        return name
    }
}
