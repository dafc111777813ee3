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

/// Where the next page of a client list starts: the last row's sort key. Opaque to callers (base64url text).
public struct ClientCursor: Sendable, Equatable {
    public let sortName: String
    public let id: UUID

    public init?(_ text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let separator = decoded.lastIndex(of: "\n"), let id = UUID(uuidString: String(decoded[decoded.index(after: separator)...]))
        else { return nil }
        self.sortName = String(decoded[..<separator])
        self.id = id
    }

    public init(sortName: String, id: UUID) {
        self.sortName = sortName
        self.id = id
    }

    public var text: String {
        Data((self.sortName + "\n" + self.id.uuidString).utf8).base64EncodedString()
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
