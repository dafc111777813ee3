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

/// Where the next page of a client list starts: the last row shown, by id (names are sealed, so the list is put in
/// order after they are opened, and the cursor never carries a name). Opaque to callers (base64url text).
public struct ClientCursor: Sendable, Equatable {
    public let id: UUID

    public init?(_ text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8), let id = UUID(uuidString: decoded)
        else { return nil }
        self.id = id
    }

    public init(id: UUID) { self.id = id }

    public var text: String {
        Data(self.id.uuidString.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
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
