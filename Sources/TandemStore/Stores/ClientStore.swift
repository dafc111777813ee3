import Foundation
import SQLKit
import TandemCore

/// Client records. Every write lands together with its audit event, or not at all.
public enum ClientStore {

    struct Row: Decodable {
        let id: UUID
        let practitionerId: UUID
        let displayName: String
        let email: String?
        let phone: String?
        let dateOfBirth: String?
        let status: String
        let createdAt: Date
        let updatedAt: Date
        let practitionerName: String

        /// The row as Core values; `name`, when the caller has opened the name already.
        func item(_ keys: Keyring, name: String? = nil) throws -> ClientListItem {
            let client = Client(
                id: .init(self.id), practitionerID: .init(self.practitionerId),
                displayName: try name ?? keys.open(self.displayName, Sealed.clientName, row: self.id),
                email: try keys.open(self.email, Sealed.clientEmail, row: self.id),
                phone: try keys.open(self.phone, Sealed.clientPhone, row: self.id),
                dateOfBirth: try keys.open(self.dateOfBirth, Sealed.clientBirth, row: self.id).flatMap(LocalDate.init),
                status: try .stored(self.status, table: "clients", column: "status"), createdAt: self.createdAt, updatedAt: self.updatedAt
            )
            return ClientListItem(client: client, practitionerName: self.practitionerName)
        }
    }

    static let select: SQLQueryString = """
        SELECT c.id, c.practitioner_id, c.display_name, c.email, c.phone, c.date_of_birth, c.status, c.created_at, c.updated_at,
               a.name AS practitioner_name
        FROM clients c JOIN accounts a ON a.id = c.practitioner_id
        """

    /// The key clients are listed by: the name with case and accents folded (compared once opened; the database
    /// holds no name to sort by, so `sort_name` stays empty).
    static func sortKey(_ displayName: String) -> String {
        // Most names are ASCII, and folding goes through NSString on Linux: a twentieth of a client list's time.
        if displayName.utf8.allSatisfy({ $0 < 0x80 }) { return displayName.lowercased() }
        return displayName.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    public static func create(_ details: ClientDetails, practitionerID: Account.ID, at now: Date, on tx: Transaction) async throws -> Client {
        let client = Client(
            id: .init(), practitionerID: practitionerID, displayName: details.displayName, email: details.email, phone: details.phone,
            dateOfBirth: details.dateOfBirth, status: .active, createdAt: now, updatedAt: now
        )
        let id = client.id.uuid
        let keys = tx.keys
        try await tx.sql.raw(
            """
            INSERT INTO clients (id, practitioner_id, display_name, sort_name, email, phone, date_of_birth, status, created_at, updated_at)
            VALUES (\(bind: id), \(bind: practitionerID.uuid), \(bind: try keys.seal(client.displayName, Sealed.clientName, row: id)), '',
                    \(bind: try keys.seal(client.email, Sealed.clientEmail, row: id)), \(bind: try keys.seal(client.phone, Sealed.clientPhone, row: id)),
                    \(bind: try keys.seal(client.dateOfBirth?.description, Sealed.clientBirth, row: id)), \(bind: client.status.rawValue),
                    \(bind: now), \(bind: now))
            """
        ).run()
        try await NameIndex.replace(client: id, name: client.displayName, keyring: keys, on: tx.sql)
        return client
    }

    /// The record, whoever owns it; access is the caller's to check (see `ClientAccess`).
    public static func find(_ id: Client.ID, on tx: Transaction) async throws -> ClientListItem? {
        try await tx.sql.raw("\(Self.select) WHERE c.id = \(bind: id.uuid)").row(Row.self).map { try $0.item(tx.keys) }
    }

    /// Replaces the editable fields and, if given, the status, in one transaction, recording who did it.
    public static func update(_ id: Client.ID, to details: ClientDetails?, status: ClientStatus? = nil, at now: Date, on tx: Transaction) async throws
    {
        let row = id.uuid
        let keys = tx.keys
        if let details {
            try await tx.sql.raw(
                """
                UPDATE clients SET display_name = \(bind: try keys.seal(details.displayName, Sealed.clientName, row: row)),
                    email = \(bind: try keys.seal(details.email, Sealed.clientEmail, row: row)),
                    phone = \(bind: try keys.seal(details.phone, Sealed.clientPhone, row: row)),
                    date_of_birth = \(bind: try keys.seal(details.dateOfBirth?.description, Sealed.clientBirth, row: row)),
                    updated_at = \(bind: now)
                WHERE id = \(bind: row)
                """
            ).run()
            try await NameIndex.replace(client: row, name: details.displayName, keyring: keys, on: tx.sql)
        }
        if let status {
            try await tx.sql.raw("UPDATE clients SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: row)").run()
        }
    }

    /// A page of clients in `scope`, by name, optionally only those with a word beginning with each word of
    /// `search` and of one status. The blind index narrows the search to candidates without reading a name; the
    /// candidates' names are then opened, checked and put in order, and only the page's other fields are opened.
    public static func list(scope: ClientScope, search: String?, status: ClientStatus?, after cursor: ClientCursor?, limit: Int, on tx: Transaction)
        async throws -> ClientPage
    {
        let keys = tx.keys
        var conditions: [SQLQueryString] = []
        switch scope {
        case .practice: break
        case .practitioner(let id): conditions.append("c.practitioner_id = \(bind: id.uuid)")
        case .supervisees(let ids):
            guard !ids.isEmpty else { return ClientPage(items: [], nextCursor: nil) }
            conditions.append("c.practitioner_id IN (\(binds: ids.map(\.uuid)))")
        }
        let search = search?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let search {
            let tokens = keys.searchTokens(search)
            guard !tokens.isEmpty else { return ClientPage(items: [], nextCursor: nil) }
            for token in tokens.sorted() {
                conditions.append("c.id IN (SELECT client_id FROM client_name_index WHERE token = \(bind: token))")
            }
        }
        if let status { conditions.append("c.status = \(bind: status.rawValue)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // Only ids and names for the whole list (narrow rows decode fast); the page's rows in full after.
        struct Name: Decodable {
            let id: UUID
            let displayName: String
        }
        let names: [Name] = try await tx.sql.raw("SELECT c.id, c.display_name FROM clients c \(filter)").rows(Name.self)
        var ordered: [(key: String, id: String, name: String, uuid: UUID)] = []
        ordered.reserveCapacity(names.count)
        for row in names {
            let name = try keys.open(row.displayName, Sealed.clientName, row: row.id) as String
            if let search, !Keyring.matches(name, search: search) { continue }
            ordered.append((Self.sortKey(name), row.id.uuidString, name, row.id))
        }
        ordered.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        var start = 0
        if let cursor {
            if let at = ordered.firstIndex(where: { $0.uuid == cursor.id }) {
                start = at + 1
            } else if let item = try await Self.find(.init(cursor.id), on: tx),
                scope.includes(item.client.practitionerID)
            {
                // The last row shown has since left this list (renamed, or its status changed): go on from its name.
                let key = (Self.sortKey(item.client.displayName), cursor.id.uuidString)
                start = ordered.firstIndex(where: { ($0.key, $0.id) > key }) ?? ordered.count
            }
        }
        let page = ordered[start...].prefix(limit)
        guard !page.isEmpty else { return ClientPage(items: [], nextCursor: nil) }
        let rows: [Row] = try await tx.sql.raw("\(Self.select) WHERE c.id IN (\(binds: page.map(\.uuid)))").rows(Row.self)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let items = try page.compactMap { entry in try byID[entry.uuid]?.item(keys, name: entry.name) }
        let more = start + page.count < ordered.count
        return ClientPage(items: items, nextCursor: more ? page.last.map { ClientCursor(id: $0.uuid) } : nil)
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { self.isEmpty ? nil : self }
}
