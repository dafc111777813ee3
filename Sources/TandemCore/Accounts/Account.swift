import Foundation

/// What a person may do in the practice.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Runs the practice: adds practitioners, reads every record, reads the audit log.
    case owner
    /// A licensed clinician who owns their clients' records.
    case practitioner
    /// A licensed clinician who reads her supervisees' records and co-signs their notes; she writes nothing clinical.
    case supervisor

    public var label: String {
        switch self {
        case .owner: "Owner"
        case .practitioner: "Practitioner"
        case .supervisor: "Supervisor"
        }
    }
}

/// A person who signs in to the practitioner side.
public struct Account: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Account>

    public let id: ID
    public var name: String
    public var email: String
    public var role: Role
    /// Licence(s), e.g. "LCSW 12345, Maryland".
    public var licence: String?
    /// The ethics code the practitioner follows, e.g. "NASW Code of Ethics".
    public var ethicsCode: String?
    /// A coaching credential, e.g. "ICF PCC". Without one, no coaching engagement can be opened.
    public var coachingCredential: String?
    /// Where the practitioner works (times are shown in it) and how she shares a session's minutes by default.
    public var sessionDefaults: SessionDefaults
    public let createdAt: Date
    /// The practitioners a supervisor supervises (always empty for the other roles).
    public var supervisees: Set<Account.ID> = []

    public init(
        id: ID, name: String, email: String, role: Role, licence: String?, ethicsCode: String? = nil, coachingCredential: String? = nil,
        sessionDefaults: SessionDefaults = .standard, createdAt: Date
    ) {
        self.sessionDefaults = sessionDefaults
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.licence = licence
        self.ethicsCode = ethicsCode
        self.coachingCredential = coachingCredential
        self.createdAt = createdAt
    }
}

extension Account {
    /// Whether she is a supervisor of `practitioner`.
    public func supervises(_ practitioner: Account.ID) -> Bool {
        self.role == .supervisor && self.supervisees.contains(practitioner)
    }

    /// Whether she may add clinical records of her own (a client, an engagement): everyone but a supervisor.
    public var writesClinical: Bool { self.role != .supervisor }

    public static let supervisorWritesNothing =
        "A supervisor reads her supervisees' records and co-signs their notes; she does not add clinical records."
}

/// The professional profile a practitioner keeps up to date: licences, ethics code, coaching credential.
public struct ProfileDraft: Sendable, Equatable {
    /// The longest licence, ethics code or coaching credential.
    public static let maximumLength = 200

    public var licence: String?
    public var ethicsCode: String?
    public var coachingCredential: String?

    public init(licence: String?, ethicsCode: String?, coachingCredential: String?) {
        self.licence = licence
        self.ethicsCode = ethicsCode
        self.coachingCredential = coachingCredential
    }

    public func validated() throws(TandemError) -> Profile {
        var v = Validator()
        let licence = v.optional("licence", "Licence", self.licence, max: Self.maximumLength)
        let ethics = v.optional("ethicsCode", "Ethics code", self.ethicsCode, max: Self.maximumLength)
        let credential = v.optional("coachingCredential", "Coaching credential", self.coachingCredential, max: Self.maximumLength)
        try v.check()
        return Profile(licence: licence, ethicsCode: ethics, coachingCredential: credential)
    }
}

/// A checked profile.
public struct Profile: Sendable, Equatable {
    public let licence: String?
    public let ethicsCode: String?
    public let coachingCredential: String?
}

/// A new account as typed by a person, before it is checked.
public struct AccountDraft: Sendable {
    public static let maximumNameLength = 200

    public var name: String?
    public var email: String?
    public var licence: String?
    public var password: String?

    public init(name: String?, email: String?, licence: String? = nil, password: String?) {
        self.name = name
        self.email = email
        self.licence = licence
        self.password = password
    }

    /// The checked form of a new account: every field error at once.
    public func validated(role: Role) throws(TandemError) -> ValidAccount {
        var v = Validator()
        let name = v.required("name", "Name", self.name, max: Self.maximumNameLength)
        let email = v.email("email", self.email, required: true) ?? ""
        let licence = v.optional("licence", "Licence", self.licence, max: ProfileDraft.maximumLength)
        let password = self.password ?? ""
        for message in PasswordPolicy.problems(password, email: email, name: name) {
            v.fail("password", message)
        }
        try v.check()
        return ValidAccount(name: name, email: email, role: role, licence: licence, password: password)
    }
}

/// A new account whose fields passed every rule.
public struct ValidAccount: Sendable {
    public let name: String
    public let email: String
    public let role: Role
    public let licence: String?
    public let password: String
}
