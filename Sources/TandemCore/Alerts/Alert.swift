import Foundation

/// Something a person must look at: a boundary incident (to the practice owner), later a safety signal.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    case boundaryIncident
    case safety
    /// The client withdrew their consent to the coaching edge in the portal (to the engagement's practitioner).
    case consentWithdrawn

    public var label: String {
        switch self {
        case .boundaryIncident: "Boundary incident: review and consultation needed"
        case .safety: "Safety alert"
        case .consentWithdrawn: "Consent withdrawn"
        }
    }
}

/// An entry on a person's dashboard until they mark it reviewed. It names the engagement, never its clinical text.
public struct Alert: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Alert>
    public let id: ID
    public let recipientID: Account.ID
    public let kind: AlertKind
    public let engagementID: Engagement.ID?
    public let createdAt: Date
    public let resolvedAt: Date?
    /// The questionnaire answers that raised a safety alert.
    public let administrationID: Administration.ID?

    public init(
        id: ID, recipientID: Account.ID, kind: AlertKind, engagementID: Engagement.ID?, createdAt: Date, resolvedAt: Date?,
        administrationID: Administration.ID? = nil
    ) {
        self.administrationID = administrationID
        self.id = id
        self.recipientID = recipientID
        self.kind = kind
        self.engagementID = engagementID
        self.createdAt = createdAt
        self.resolvedAt = resolvedAt
    }
}
