/// Who may see and change an engagement.
///
/// The practitioner who holds the engagement reads and writes it. The client's own practitioner (who may have opened
/// it for a colleague), the practice owner and a supervisor of the holder read it. Nobody else learns it exists (the web layer answers 404).
public enum EngagementAccess: Sendable, Equatable {
    case write
    case read
    case hidden

    public static func of(_ engagement: Engagement, clientPractitioner: Account.ID, for viewer: Account) -> EngagementAccess {
        self.of(holder: engagement.practitionerID, clientPractitioner: clientPractitioner, for: viewer)
    }

    /// The same rule from the two ids it reads: the engagement's holder and the client's practitioner.
    public static func of(holder: Account.ID, clientPractitioner: Account.ID, for viewer: Account) -> EngagementAccess {
        if holder == viewer.id { return .write }
        if clientPractitioner == viewer.id || viewer.role == .owner || viewer.supervises(holder) { return .read }
        return .hidden
    }

    public static func readOnlyMessage(holder: String) -> String {
        "Only \(holder), who holds this engagement, can record in it."
    }
}
