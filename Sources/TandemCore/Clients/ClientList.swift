import Foundation

/// One row of a client list: the client and the name of their practitioner.
public struct ClientListItem: Sendable, Equatable {
    public let client: Client
    public let practitionerName: String

    public init(client: Client, practitionerName: String) {
        self.client = client
        self.practitionerName = practitionerName
    }
}

/// Where the next page of a client list starts: the id of the last row shown (names are sealed, so the list is put
/// in order after they are opened, and the cursor never carries a name). Any id is a position, so any UUID is a
/// readable cursor.
public struct ClientCursor: Sendable, Equatable {
    public let id: UUID

    public init?(_ text: String) {
        guard let id = UUID(uuidString: text) else { return nil }
        self.id = id
    }

    public init(id: UUID) { self.id = id }

    public var text: String { self.id.uuidString.lowercased() }
}

/// A page of a client list.
public struct ClientPage: Sendable, Equatable {
    public let items: [ClientListItem]
    public let nextCursor: ClientCursor?

    public init(items: [ClientListItem], nextCursor: ClientCursor?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
