import Foundation
import SQLKit
import TandemCore

/// Client records. Every write lands together with its audit event, or not at all.
public enum ClientStore {

    struct Row: Decodable {
        let id: UUID
        let practitionerId: UUID
        let displayName: String
        let sortName: String
        let email: String?
        let phone: String?
        let dateOfBirth: String?
        let status: String
        let createdAt: Date
        let updatedAt: Date
        let practitionerName: String

        var client: Client {
            get throws {
                Client(
                    id: .init(self.id), practitionerID: .init(self.practitionerId), displayName: self.displayName, email: self.email,
                    phone: self.phone,
                    dateOfBirth: self.dateOfBirth.flatMap(LocalDate.init), status: try .stored(self.status, table: "clients", column: "status"),
                    createdAt: self.createdAt, updatedAt: self.updatedAt
                )
            }
        }
    }

    static let select: SQLQueryString = """
        SELECT c.id, c.practitioner_id, c.display_name, c.sort_name, c.email, c.phone, c.date_of_birth, c.status, c.created_at, c.updated_at,
               a.name AS practitioner_name
        FROM clients c JOIN accounts a ON a.id = c.practitioner_id
        """

    /// The key clients are listed and searched by: the name folded to lower case.
    static func sortName(_ displayName: String) -> String { displayName.lowercased() }

    public static func create(_ details: ClientDetails, practitionerID: Account.ID, at now: Date, on tx: Transaction) async throws -> Client {
        let client = Client(
            id: .init(), practitionerID: practitionerID, displayName: details.displayName, email: details.email, phone: details.phone,
            dateOfBirth: details.dateOfBirth, status: .active, createdAt: now, updatedAt: now
        )
        try await tx.sql.raw(
            """
            INSERT INTO clients (id, practitioner_id, display_name, sort_name, email, phone, date_of_birth, status, created_at, updated_at)
            VALUES (\(bind: client.id.uuid), \(bind: practitionerID.uuid), \(bind: client.displayName), \(bind: Self.sortName(client.displayName)),
                    \(bind: client.email), \(bind: client.phone), \(bind: client.dateOfBirth?.description), \(bind: client.status.rawValue),
                    \(bind: now), \(bind: now))
            """
        ).run()
        return client
    }

    /// The record, whoever owns it; access is the caller's to check (see `ClientAccess`).
    public static func find(_ id: Client.ID, on tx: Transaction) async throws -> ClientListItem? {
        try await tx.sql.raw("\(Self.select) WHERE c.id = \(bind: id.uuid)").row(Row.self).map {
            ClientListItem(client: try $0.client, practitionerName: $0.practitionerName)
        }
    }

    /// Replaces the editable fields and, if given, the status, in one transaction, recording who did it.
    public static func update(_ id: Client.ID, to details: ClientDetails?, status: ClientStatus? = nil, at now: Date, on tx: Transaction) async throws
    {
        if let details {
            try await tx.sql.raw(
                """
                UPDATE clients SET display_name = \(bind: details.displayName), sort_name = \(bind: Self.sortName(details.displayName)),
                    email = \(bind: details.email), phone = \(bind: details.phone), date_of_birth = \(bind: details.dateOfBirth?.description),
                    updated_at = \(bind: now)
                WHERE id = \(bind: id.uuid)
                """
            ).run()
        }
        if let status {
            try await tx.sql.raw("UPDATE clients SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id.uuid)").run()
        }
    }

    /// A page of clients in `scope`, by name, optionally only those whose name contains `search` and of one status.
    public static func list(scope: ClientScope, search: String?, status: ClientStatus?, after cursor: ClientCursor?, limit: Int, on tx: Transaction)
        async throws -> ClientPage
    {
        var conditions: [SQLQueryString] = []
        if case .practitioner(let id) = scope { conditions.append("c.practitioner_id = \(bind: id.uuid)") }
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            conditions.append("c.sort_name LIKE \(bind: "%" + Self.escapeLike(Self.sortName(search)) + "%") ESCAPE '\\'")
        }
        if let status { conditions.append("c.status = \(bind: status.rawValue)") }
        if let cursor {
            conditions.append("(c.sort_name > \(bind: cursor.sortName) OR (c.sort_name = \(bind: cursor.sortName) AND c.id > \(bind: cursor.id)))")
        }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows: [Row] = try await tx.sql.raw(
            """
            \(Self.select) \(filter) ORDER BY c.sort_name, c.id LIMIT \(bind: limit + 1)
            """
        ).rows(Row.self)
        let items = try rows.prefix(limit).map { ClientListItem(client: try $0.client, practitionerName: $0.practitionerName) }
        let next = rows.count > limit ? rows[limit - 1] : nil
        return ClientPage(items: Array(items), nextCursor: next.map { ClientCursor(sortName: $0.sortName, id: $0.id) })
    }

    /// Escapes LIKE's wildcards so a search for "50%" finds the text "50%".
    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
