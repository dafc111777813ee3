import Foundation

/// A session with the names a list shows beside it.
public struct SessionListItem: Sendable, Equatable {
    public let session: Session
    public let clientName: String
    public let role: EngagementRole
    public let practitionerID: Account.ID

    public init(session: Session, clientName: String, role: EngagementRole, practitionerID: Account.ID) {
        self.session = session
        self.clientName = clientName
        self.role = role
        self.practitionerID = practitionerID
    }
}

/// A line of an engagement's session list: what the list shows and nothing more.
public struct SessionSummary: Sendable, Equatable {
    public let id: Session.ID
    public let scheduledAt: Date
    public let lengthMinutes: Int
    public let status: SessionStatus
    public let startedAt: Date?

    public init(id: Session.ID, scheduledAt: Date, lengthMinutes: Int, status: SessionStatus, startedAt: Date?) {
        self.id = id
        self.scheduledAt = scheduledAt
        self.lengthMinutes = lengthMinutes
        self.status = status
        self.startedAt = startedAt
    }
}
