import Foundation
import SQLKit

/// Seals rows in batches, each batch in its own transaction together with how far it got (`sealing_progress`), so
/// an interrupted run loses nothing and the next run goes on from there. Two kinds of work: the plain text of an
/// installation that predates encryption (`plain`), and re-sealing under a newer data key (`rotate`).
public enum Resealing {
    public typealias Progress = @Sendable (_ table: String, _ done: Int, _ total: Int) -> Void

    static let batchSize = 500

    /// Works through every table with work left. With `maxBatches` it stops after that many (the test of an
    /// interrupted rotation). Answers whether nothing is left.
    @discardableResult
    static func run(_ database: TandemDatabase, keyring: Keyring, maxBatches: Int? = nil, progress: Progress? = nil) async throws -> Bool {
        var batches = 0
        for table in Sealed.tables {
            struct Count: Decodable { let n: Int }
            guard try await Self.pending(table, in: database) != nil else { continue }
            let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table.name)").first(decoding: Count.self)?.n ?? 0
            var done = 0
            while true {
                if let maxBatches, batches >= maxBatches { return false }
                let (count, finished) = try await Self.batch(table, in: database, keyring: keyring)
                batches += 1
                done += count
                if total > 0 { progress?(table.name, min(done, total), total) }
                if finished { break }
            }
        }
        return true
    }

    private struct Pending: Decodable {
        let afterId: UUID?
        let mode: String
    }

    private static func pending(_ table: SealedTable, in database: TandemDatabase) async throws -> Pending? {
        try await database.sql.raw("SELECT after_id, mode FROM sealing_progress WHERE table_name = \(bind: table.name)").row(Pending.self)
    }

    /// Whether any table still has rows to seal.
    static func anyPending(in database: TandemDatabase) async throws -> Bool {
        struct Count: Decodable { let n: Int }
        return (try await database.sql.raw("SELECT COUNT(*) AS n FROM sealing_progress").first(decoding: Count.self)?.n ?? 0) > 0
    }

    /// Seals the next batch of `table`'s rows and records how far it got, in one transaction.
    private static func batch(_ table: SealedTable, in database: TandemDatabase, keyring: Keyring) async throws -> (Int, Bool) {
        let dialect = database.dialect
        return try await database.transaction { db in
            // Two instances starting together take turns (PostgreSQL locks the row; SQLite has one writer).
            let lock = dialect == .postgres ? " FOR UPDATE" : ""
            guard
                let pending: Pending = try await db.raw(
                    "SELECT after_id, mode FROM sealing_progress WHERE table_name = \(bind: table.name)\(unsafeRaw: lock)"
                ).first(decoding: Pending.self, with: snakeCaseRows)
            else { return (0, true) }
            var select = SQLQueryString("SELECT id, ")
            select.appendLiteral(table.columns.joined(separator: ", "))
            let from: SQLQueryString = " FROM \(ident: table.name)"
            select.appendInterpolation(from)
            if let after = pending.afterId {
                let condition: SQLQueryString = " WHERE id > \(bind: after)"
                select.appendInterpolation(condition)
            }
            let order: SQLQueryString = " ORDER BY id LIMIT \(bind: Self.batchSize)"
            select.appendInterpolation(order)
            let rows = try await db.raw(select).all()
            // Permanent tables refuse UPDATE by trigger: re-sealing lifts it for this transaction (no text changes).
            if table.permanent {
                try await dialect.allowingChanges(on: table.name, in: db) {
                    try await Self.seal(rows, of: table, pending: pending, keyring: keyring, on: db)
                }
            } else {
                try await Self.seal(rows, of: table, pending: pending, keyring: keyring, on: db)
            }
            let finished = rows.count < Self.batchSize
            if finished {
                try await db.raw("DELETE FROM sealing_progress WHERE table_name = \(bind: table.name)").run()
            } else {
                let last = try rows.last!.decode(column: "id", as: UUID.self)
                try await db.raw("UPDATE sealing_progress SET after_id = \(bind: last) WHERE table_name = \(bind: table.name)").run()
            }
            return (rows.count, finished)
        }
    }

    /// Seals each value of `rows` that is plain (or under an older data key), on the batch's transaction.
    private static func seal(_ rows: [any SQLRow], of table: SealedTable, pending: Pending, keyring: Keyring, on db: any SQLDatabase) async throws {
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            var update: SQLQueryString = "UPDATE \(ident: table.name) SET "
            var changed = false
            var plainName: String?
            var plainEmail: String?
            for column in table.columns {
                guard let stored = try row.decode(column: column, as: String?.self) else { continue }
                let field = table.field(column)
                let text: String
                if let opened = try? (keyring.open(stored, field, row: id) as String) {
                    if Keyring.generation(of: stored) == keyring.generation { continue }
                    text = opened
                } else if pending.mode == "plain" {
                    text = stored
                    if field == Sealed.clientName { plainName = stored }
                    if field == Sealed.portalEmail { plainEmail = stored }
                } else {
                    throw KeyError.damaged("\(table.name).\(column) of \(id) does not decrypt")
                }
                let assignment: SQLQueryString = "\(ident: column) = \(bind: try keyring.seal(text, field, row: id))"
                update.appendLiteral(changed ? ", " : "")
                update.appendInterpolation(assignment)
                changed = true
            }
            if let plainEmail {
                let assignment: SQLQueryString = ", email_index = \(bind: keyring.lookupToken("portal-email", plainEmail.lowercased()))"
                update.appendInterpolation(assignment)
            }
            if let plainName {
                update.appendLiteral(", sort_name = ''")
                try await NameIndex.replace(client: id, name: plainName, keyring: keyring, on: db)
            }
            if changed {
                let condition: SQLQueryString = " WHERE id = \(bind: id)"
                update.appendInterpolation(condition)
                try await db.raw(update).run()
            }
        }
    }
}

/// The blind index of client names: a keyed digest of each prefix of each word, so a search finds candidates
/// without the database holding a name.
enum NameIndex {
    static func replace(client: UUID, name: String, keyring: Keyring, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM client_name_index WHERE client_id = \(bind: client)").run()
        let tokens = keyring.nameTokens(name).sorted()
        guard !tokens.isEmpty else { return }
        var insert = SQLQueryString("INSERT INTO client_name_index (token, client_id) VALUES ")
        for (i, token) in tokens.enumerated() {
            insert.appendLiteral(i == 0 ? "" : ", ")
            let row: SQLQueryString = "(\(bind: token), \(bind: client))"
            insert.appendInterpolation(row)
        }
        try await db.raw(insert).run()
    }
}
