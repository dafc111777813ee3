import Foundation

/// What recording in a session checks, and nothing more: who holds its engagement (she records), who else may read
/// it (the client's practitioner, the owner), whether it runs and since when (the time stamp of each record).
public struct RecordingTarget: Sendable, Equatable {
    public let sessionID: Session.ID
    public let engagementID: Engagement.ID
    public let status: SessionStatus
    public let startedAt: Date?
    public let holderID: Account.ID
    public let holderName: String
    public let clientPractitionerID: Account.ID

    public init(
        sessionID: Session.ID, engagementID: Engagement.ID, status: SessionStatus, startedAt: Date?, holderID: Account.ID, holderName: String,
        clientPractitionerID: Account.ID
    ) {
        self.sessionID = sessionID
        self.engagementID = engagementID
        self.status = status
        self.startedAt = startedAt
        self.holderID = holderID
        self.holderName = holderName
        self.clientPractitionerID = clientPractitionerID
    }

    /// The viewer's access, by the same rule as the engagement's (`EngagementAccess`).
    public func access(for viewer: Account) -> EngagementAccess {
        EngagementAccess.of(holder: self.holderID, clientPractitioner: self.clientPractitionerID, for: viewer)
    }

    /// Seconds since the session started (0 before it did): where a record sits on the session's time line.
    public func elapsedSeconds(at now: Date) -> Int { Session.elapsedSeconds(since: self.startedAt, at: now) }
}
