import Foundation

/// Where the data lives: an embedded SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file, created on first open.
    case sqlite(path: String)
    /// A PostgreSQL server, with the most connections each event loop may hold.
    case postgres(url: String, poolSize: Int)

    /// The SQLite file inside a data directory.
    public static func dataDirectory(_ directory: String) -> DatabaseLocation {
        .sqlite(path: URL(fileURLWithPath: directory).appendingPathComponent("tandem.sqlite").path)
    }

    /// The location with any password removed, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let url, _):
            if var components = URLComponents(string: url) {
                if components.password != nil { components.password = "***" }
                return "PostgreSQL at \(components.string ?? "postgres")"
            }
            return "PostgreSQL"
        }
    }
}
