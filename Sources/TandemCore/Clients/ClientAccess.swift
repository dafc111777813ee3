/// Who may see and change a client record.
///
/// A practitioner sees and edits only the clients they added. The owner reads every record in the practice but edits
/// only their own; a supervisor reads the records of her supervisees' clients and edits none. Anyone else is not told the record exists: the web layer answers 404, never 403, for `.hidden`.
public enum ClientAccess: Sendable, Equatable {
    case edit
    case readOnly
    case hidden

    public static func of(_ client: Client, for viewer: Account) -> ClientAccess {
        if client.practitionerID == viewer.id { return .edit }
        if viewer.role == .owner || viewer.supervises(client.practitionerID) { return .readOnly }
        return .hidden
    }

    public var canRead: Bool { self != .hidden }
    public var canEdit: Bool { self == .edit }

    public static let readOnlyMessage = "This client belongs to another practitioner: you can read the record but not change it."
}

/// Which clients a viewer's list shows.
public enum ClientScope: Sendable, Equatable {
    /// The clients of one practitioner.
    case practitioner(Account.ID)
    /// Every client of the practice (the owner's read-only view).
    case practice
    /// The clients of her supervisees (a supervisor's read-only view), by practitioner id in order.
    case supervisees([Account.ID])

    public static func of(_ viewer: Account) -> ClientScope {
        switch viewer.role {
        case .owner: .practice
        case .practitioner: .practitioner(viewer.id)
        case .supervisor: .supervisees(viewer.supervisees.sorted { $0.description < $1.description })
        }
    }

    /// Whether a client of `practitioner` is in the scope.
    public func includes(_ practitioner: Account.ID) -> Bool {
        switch self {
        case .practice: true
        case .practitioner(let id): id == practitioner
        case .supervisees(let ids): ids.contains(practitioner)
        }
    }
}
