import Foundation

/// Clinically effective departures from the office frame, after Ofer Zur (docs/MODEL.md §8). Each is documented with
/// its rationale and the client's response.
public enum CrossingKind: String, Sendable, Codable, CaseIterable {
    case selfDisclosure, touch, homeOrCommunityVisit, outdoorSession, gift, contactOutsideSessions, extendedSession, other

    public var label: String {
        switch self {
        case .selfDisclosure: "Self-disclosure"
        case .touch: "Handshake or non-sexual touch"
        case .homeOrCommunityVisit: "Home or community visit"
        case .outdoorSession: "Session outdoors or walking"
        case .gift: "Gift given or received"
        case .contactOutsideSessions: "Contact outside sessions"
        case .extendedSession: "Extended session"
        case .other: "Other"
        }
    }
}

/// Boundary violations: never clinically indicated, always an incident that calls for consultation. Deliberately a
/// different type from `CrossingKind`, so a violation can never be recorded as a crossing.
public enum IncidentKind: String, Sendable, Codable, CaseIterable {
    case sexualContact, financialExploitation, dualRelationship, otherExploitation

    public var label: String {
        switch self {
        case .sexualContact: "Sexual contact"
        case .financialExploitation: "Financial exploitation"
        case .dualRelationship: "Misuse of a dual relationship"
        case .otherExploitation: "Other exploitation"
        }
    }
}

public struct BoundaryCrossing: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<BoundaryCrossing>
    public let id: ID
    public let engagementID: Engagement.ID
    public let date: LocalDate
    public let kind: CrossingKind
    public let rationale: String
    public let clientResponse: String?
    public let consultationSought: Bool
    public let recordedBy: Account.ID
    public let recordedAt: Date

    public init(
        id: ID, engagementID: Engagement.ID, date: LocalDate, kind: CrossingKind, rationale: String, clientResponse: String?,
        consultationSought: Bool,
        recordedBy: Account.ID, recordedAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.date = date
        self.kind = kind
        self.rationale = rationale
        self.clientResponse = clientResponse
        self.consultationSought = consultationSought
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

public struct BoundaryIncident: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<BoundaryIncident>
    public let id: ID
    public let engagementID: Engagement.ID
    public let date: LocalDate
    public let kind: IncidentKind
    public let description: String
    public let recordedBy: Account.ID
    public let recordedAt: Date

    public init(
        id: ID, engagementID: Engagement.ID, date: LocalDate, kind: IncidentKind, description: String, recordedBy: Account.ID, recordedAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.date = date
        self.kind = kind
        self.description = description
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// A correction to a boundary record. The original is never changed or deleted; addenda follow it in order.
public struct BoundaryAddendum: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<BoundaryAddendum>
    public let id: ID
    public let text: String
    public let recordedBy: Account.ID
    public let recordedAt: Date

    public init(id: ID, text: String, recordedBy: Account.ID, recordedAt: Date) {
        self.id = id
        self.text = text
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Checks for boundary records as typed.
public enum BoundaryRules {
    public static let minimumRationale = 20
    public static let maximumText = 4000

    public static func crossing(date: String?, kind: String?, rationale: String?, clientResponse: String?, today: LocalDate) throws(TandemError)
        -> (LocalDate, CrossingKind, String, String?)
    {
        var v = Validator()
        let date = Self.date(&v, date, today: today)
        let rawKind = kind
        let kind = rawKind.flatMap(CrossingKind.init(rawValue:))
        if kind == nil {
            if Self.isViolationKind(rawKind) {
                v.fail(
                    "kind",
                    "A boundary violation is never a clinically indicated crossing: record it as a boundary incident, which calls for consultation.")
            } else {
                v.fail("kind", "Kind must be one of \(CrossingKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        let rationale = v.required("rationale", "Clinical rationale", rationale, max: Self.maximumText, min: Self.minimumRationale, lines: .multiple)
        let response = v.optional("clientResponse", "Client's response", clientResponse, max: Self.maximumText, lines: .multiple)
        try v.check()
        return (date!, kind!, rationale, response)
    }

    public static func incident(date: String?, kind: String?, description: String?, today: LocalDate) throws(TandemError) -> (
        LocalDate, IncidentKind, String
    ) {
        var v = Validator()
        let date = Self.date(&v, date, today: today)
        let kind = kind.flatMap(IncidentKind.init(rawValue:))
        if kind == nil { v.fail("kind", "Kind must be one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        let description = v.required("description", "Description", description, max: Self.maximumText, min: 10, lines: .multiple)
        try v.check()
        return (date!, kind!, description)
    }

    public static func addendum(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("text", "Addendum", text, max: Self.maximumText, min: 5, lines: .multiple)
        try v.check()
        return text
    }

    /// Whether a kind named for a crossing is in fact a violation: the answer explains it is an incident, not a crossing.
    public static func isViolationKind(_ raw: String?) -> Bool { raw.flatMap(IncidentKind.init(rawValue:)) != nil }

    private static func date(_ v: inout Validator, _ raw: String?, today: LocalDate) -> LocalDate? {
        if (raw ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            v.fail("date", "Date is required.")
            return nil
        }
        return v.date("date", "Date", raw, notAfter: today, notBefore: LocalDate(year: 2000, month: 1, day: 1))
    }
}

/// A boundary record an addendum corrects: a crossing or an incident.
public enum BoundarySubject: Sendable, Equatable {
    case crossing(BoundaryCrossing.ID)
    case incident(BoundaryIncident.ID)
}
