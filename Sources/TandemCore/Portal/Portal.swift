import Foundation

/// A single-use link that lets a client set up their portal account for one engagement. Only a digest of the token
/// is stored; the link is shown once to be handed over in person or by the practice's own channel.
public struct Invitation: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Invitation>
    public let id: ID
    public let engagementID: Engagement.ID
    public let createdBy: Account.ID
    public let createdAt: Date
    public let expiresAt: Date
    public var usedAt: Date?
    public var revokedAt: Date?

    public init(id: ID, engagementID: Engagement.ID, createdBy: Account.ID, createdAt: Date, expiresAt: Date, usedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.engagementID = engagementID
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }

    public static let validity: TimeInterval = 7 * 24 * 3600

    /// Whether the link can still be used, with a plain explanation when it cannot.
    public func check(at now: Date) throws(TandemError) {
        if self.revokedAt != nil {
            throw .conflict(code: .invitationRevoked, message: "This invitation was withdrawn by your practitioner. Ask them for a new one.")
        }
        if self.usedAt != nil {
            throw .conflict(
                code: .invitationUsed,
                message: "This invitation has already been used. Sign in to your portal instead, or ask your practitioner for help.")
        }
        if now >= self.expiresAt {
            throw .conflict(
                code: .invitationExpired, message: "This invitation has expired (links last 7 days). Ask your practitioner for a new one.")
        }
    }

    public var state: String {
        if self.revokedAt != nil { return "Withdrawn" }
        if self.usedAt != nil { return "Used" }
        return "Open"
    }
}

/// How an invitation link reaches the client. Tandem's default shows the link to the practitioner, who hands it over;
/// an e-mail sender can be added later by conforming to this, without touching the portal.
public protocol InvitationDelivery: Sendable {
    /// What the practitioner sees after creating the invitation.
    func deliver(url: String, expiresAt: Date) async throws -> String
}

public struct ShowTheLink: InvitationDelivery {
    public init() {}
    public func deliver(url: String, expiresAt: Date) async throws -> String {
        "Hand this link to the client in person or by your own channel. It works once, until the expiry shown."
    }
}

/// A client's own account: signs in to the portal only, and sees only their engagement.
public struct ClientAccount: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<ClientAccount>
    public let id: ID
    public let clientID: Client.ID
    public let engagementID: Engagement.ID
    public let email: String
    public let createdAt: Date

    public init(id: ID, clientID: Client.ID, engagementID: Engagement.ID, email: String, createdAt: Date) {
        self.id = id
        self.clientID = clientID
        self.engagementID = engagementID
        self.email = email
        self.createdAt = createdAt
    }
}

/// The client's own tick of an action step between sessions.
public enum ClientCheckStatus: String, Sendable, Codable, CaseIterable {
    case done, partly, notDone

    public var label: String {
        switch self {
        case .done: "Done"
        case .partly: "Partly"
        case .notDone: "Not done"
        }
    }
}

public struct ClientCheck: Sendable, Equatable {
    public static let maximumNote = 500

    public let status: ClientCheckStatus
    public let note: String?
    public let at: Date

    public init(status: ClientCheckStatus, note: String?, at: Date) {
        self.status = status
        self.note = note
        self.at = at
    }

    public static func validated(status: String?, note: String?, at: Date) throws(TandemError) -> ClientCheck {
        var v = Validator()
        let status = status.flatMap(ClientCheckStatus.init(rawValue:))
        if status == nil { v.fail("status", "Choose done, partly or not done.") }
        let note = v.optional("note", "Note", note, max: Self.maximumNote, lines: .multiple)
        try v.check()
        return ClientCheck(status: status!, note: note, at: at)
    }
}

/// The client's answer, before a session, to "Where do you want to go today?": proposed to the practitioner, who
/// adopts or rewords it in the session's agreement.
public enum Intention {
    public static let maximumLength = 1000

    public static func validated(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("text", "Your answer", text, max: Self.maximumLength, lines: .multiple)
        try v.check()
        return text
    }
}

/// Which questionnaires a client answers in the portal before sessions: each instrument every n-th session.
public struct MeasureSchedule: Sendable, Equatable {
    public let instrumentID: String
    public let everySessions: Int

    public init(instrumentID: String, everySessions: Int) {
        self.instrumentID = instrumentID
        self.everySessions = everySessions
    }

    public static let range = 1...12

    /// Due before the session numbered `n` (1 for the engagement's first): the 1st, then every `everySessions`-th.
    public func isDue(beforeSession n: Int) -> Bool { n >= 1 && (n - 1) % self.everySessions == 0 }
}

/// The portal's password rule is the practitioner side's: at least 12 characters, not a common one.
public enum ClientSignUp {
    public static func validated(email: String?, password: String?) throws(TandemError) -> (String, String) {
        var v = Validator()
        let email = v.email("email", email, required: true) ?? ""
        let password = password ?? ""
        for problem in PasswordPolicy.problems(password, email: email) { v.fail("password", problem) }
        try v.check()
        return (email, password)
    }
}
