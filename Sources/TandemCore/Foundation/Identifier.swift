import Foundation

/// A typed identifier: `Client.ID` and `Account.ID` are distinct types, so one cannot be passed where the other belongs.
public struct Identifier<Subject>: Hashable, Sendable, Codable, LosslessStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID = UUID()) { self.uuid = uuid }

    /// Parses the canonical UUID text form; `nil` for anything else.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    public init(from decoder: any Decoder) throws {
        self.uuid = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.uuid.uuidString.lowercased())
    }

    /// Lower-case UUID text, the form used in URLs and JSON.
    public var description: String { self.uuid.uuidString.lowercased() }
}
