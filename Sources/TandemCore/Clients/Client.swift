import Foundation

/// Whether a client is in care.
public enum ClientStatus: String, Sendable, Codable, CaseIterable {
    case active
    case discharged

    public var label: String {
        switch self {
        case .active: "Active"
        case .discharged: "Discharged"
        }
    }
}

/// A person in care with one practitioner of the practice.
public struct Client: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Client>

    public let id: ID
    /// The practitioner who added the client and owns the record.
    public let practitionerID: Account.ID
    public var displayName: String
    public var email: String?
    public var phone: String?
    public var dateOfBirth: LocalDate?
    public var status: ClientStatus
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, practitionerID: Account.ID, displayName: String, email: String?, phone: String?,
        dateOfBirth: LocalDate?, status: ClientStatus, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.practitionerID = practitionerID
        self.displayName = displayName
        self.email = email
        self.phone = phone
        self.dateOfBirth = dateOfBirth
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The checked, editable fields of the record.
    public var details: ClientDetails {
        ClientDetails(displayName: self.displayName, email: self.email, phone: self.phone, dateOfBirth: self.dateOfBirth)
    }
}

/// The fields of a client record a practitioner types, once checked.
public struct ClientDetails: Sendable, Equatable {
    public var displayName: String
    public var email: String?
    public var phone: String?
    public var dateOfBirth: LocalDate?

    public init(displayName: String, email: String?, phone: String?, dateOfBirth: LocalDate?) {
        self.displayName = displayName
        self.email = email
        self.phone = phone
        self.dateOfBirth = dateOfBirth
    }
}

/// A client record as typed (form or JSON), before it is checked. `nil` means "not given".
public struct ClientDraft: Sendable, Equatable {
    public var displayName: String?
    public var email: String?
    public var phone: String?
    public var dateOfBirth: String?

    public init(displayName: String?, email: String? = nil, phone: String? = nil, dateOfBirth: String? = nil) {
        self.displayName = displayName
        self.email = email
        self.phone = phone
        self.dateOfBirth = dateOfBirth
    }

    public static let maximumNameLength = 200

    /// Checks every field and answers the clean details, or throws every field error at once.
    /// - Parameter today: dates of birth after today are refused.
    public func validated(today: LocalDate) throws(TandemError) -> ClientDetails {
        var v = Validator()
        let name = v.required("displayName", "Name", self.displayName, max: Self.maximumNameLength)
        let email = v.email("email", self.email, required: false)
        let phone = v.phone("phone", self.phone)
        let dateOfBirth = v.date(
            "dateOfBirth", "Date of birth", self.dateOfBirth, notAfter: today, notBefore: LocalDate(year: 1900, month: 1, day: 1))
        try v.check()
        return ClientDetails(displayName: name, email: email, phone: phone, dateOfBirth: dateOfBirth)
    }
}

/// A partial change to a client record (JSON PATCH semantics: absent keys keep their value, `null` clears).
public struct ClientPatch: Sendable, Equatable {
    public enum Change<Value: Sendable & Equatable>: Sendable, Equatable {
        case keep
        case set(Value?)
    }

    public var displayName: Change<String> = .keep
    public var email: Change<String> = .keep
    public var phone: Change<String> = .keep
    public var dateOfBirth: Change<String> = .keep

    public init() {}

    /// The draft that results from applying this patch to `client`, ready to be checked.
    public func applied(to client: Client) -> ClientDraft {
        func pick(_ change: Change<String>, _ current: String?) -> String? {
            switch change {
            case .keep: current
            case .set(let value): value
            }
        }
        return ClientDraft(
            displayName: pick(self.displayName, client.displayName),
            email: pick(self.email, client.email),
            phone: pick(self.phone, client.phone),
            dateOfBirth: pick(self.dateOfBirth, client.dateOfBirth?.description)
        )
    }
}
