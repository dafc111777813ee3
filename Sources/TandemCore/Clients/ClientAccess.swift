/// Who may see and change a client record.
///
/// A practitioner sees and edits only the clients they added. The owner reads every record in the practice but edits
/// only their own. Anyone else is not told the record exists: the web layer answers 404, never 403, for `.hidden`.
public enum ClientAccess: Sendable, Equatable {
    case edit
    case readOnly
    case hidden

    public static func of(_ client: Client, for viewer: Account) -> ClientAccess {
        if client.practitionerID == viewer.id { return .edit }
        if viewer.role == .owner { return .readOnly }
        return .hidden
    }

    public var canRead: Bool { self != .hidden }
    public var canEdit: Bool { self == .edit }

    public static let readOnlyMessage = "This client belongs to another practitioner: the owner can read the record but not change it."
}

/// Which clients a viewer's list shows.
public enum ClientScope: Sendable, Equatable {
    /// The clients of one practitioner.
    case practitioner(Account.ID)
    /// Every client of the practice (the owner's read-only view).
    case practice

    public static func of(_ viewer: Account) -> ClientScope {
        viewer.role == .owner ? .practice : .practitioner(viewer.id)
    }
}
