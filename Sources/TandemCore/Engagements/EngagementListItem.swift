import Foundation

/// An engagement with the names a page shows beside it.
public struct EngagementListItem: Sendable, Equatable {
    public let engagement: Engagement
    public let clientName: String
    public let clientPractitionerID: Account.ID
    public let practitionerName: String
    /// Whether the client sees their progress page in the portal.
    public let shareProgress: Bool

    public init(engagement: Engagement, clientName: String, clientPractitionerID: Account.ID, practitionerName: String, shareProgress: Bool) {
        self.engagement = engagement
        self.clientName = clientName
        self.clientPractitionerID = clientPractitionerID
        self.practitionerName = practitionerName
        self.shareProgress = shareProgress
    }
}
