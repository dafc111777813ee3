import Foundation
import Logging
import SQLKit

/// Copies an SQLite installation into an empty PostgreSQL database, table by table in creation order (so foreign
/// keys are met), converting SQLite's storage (UUID text, REAL instants, 0/1 booleans) to PostgreSQL's types.
public enum MoveToPostgres {
    public enum Problem: Error, CustomStringConvertible {
        case targetNotEmpty
        case unknownType(table: String, column: String, type: String)

        public var description: String {
            switch self {
            case .targetNotEmpty: "The PostgreSQL database already holds a practice; give an empty database so nothing is mixed or overwritten."
            case .unknownType(let t, let c, let type): "Column \(t).\(c) has type \(type), which the copy does not know."
            }
        }
    }

    /// Copies every table; `progress` hears (table, rows copied so far, rows in the table). Answers rows per table.
    public static func copy(from source: TandemDatabase, to target: TandemDatabase, progress: @escaping @Sendable (String, Int, Int) -> Void)
        async throws -> [String: Int]
    {
        struct Count: Decodable { let n: Int }
        let practices: Count? = try await target.sql.raw("SELECT COUNT(*) AS n FROM practice").row(Count.self)
        guard (practices?.n ?? 0) == 0 else { throw Problem.targetNotEmpty }
        struct Table: Decodable { let name: String }
        let tables: [Table] = try await source.sql.raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY rowid"
        ).rows(Table.self)
        struct Column: Decodable {
            let columnName: String
            let dataType: String
            let isIdentity: String
        }
        let names = tables.map(\.name)
        return try await target.transaction { db -> [String: Int] in
            var copied: [String: Int] = [:]
            // The seeded question library is in both; the source's rows replace it. The target's own list of tables
            // to seal (made by its migrations) gives way to the source's, which is done.
            try await db.raw("DELETE FROM questions").run()
            // So is the consent text's first version.
            try await db.raw("DELETE FROM consent_texts").run()
            try await db.raw("DELETE FROM sealing_progress").run()
            // Keys a first start of the target made give way to the source's: its rows are sealed under those.
            try await db.raw("DELETE FROM installation_keys").run()
            for table in names {
                let columns: [Column] = try await db.raw(
                    """
                    SELECT column_name, data_type, is_identity FROM information_schema.columns WHERE table_schema = 'public' AND table_name = \(bind: table)
                    ORDER BY ordinal_position
                    """
                ).rows(Column.self)
                // Paged by rowid, so a table of a million rows never sits in memory at once.
                let counted: Count? = try await source.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").row(Count.self)
                let total = counted?.n ?? 0
                let perStatement = max(1, 30_000 / max(1, columns.count))
                var done = 0
                var lastRowID: Int64 = Int64.min
                while done < total {
                    let chunk = try await source.sql.raw(
                        "SELECT rowid AS tandem_rowid, * FROM \(ident: table) WHERE rowid > \(bind: lastRowID) ORDER BY rowid LIMIT \(bind: perStatement)"
                    ).all()
                    guard !chunk.isEmpty else { break }
                    lastRowID = try chunk.last!.decode(column: "tandem_rowid", as: Int64.self)
                    var query = SQLQueryString("INSERT INTO \(ident: table) (")
                    query.appendLiteral(columns.map { "\"\($0.columnName)\"" }.joined(separator: ", "))
                    query.appendLiteral(")")
                    if columns.contains(where: { $0.isIdentity == "YES" }) { query.appendLiteral(" OVERRIDING SYSTEM VALUE") }
                    query.appendLiteral(" VALUES ")
                    for (i, row) in chunk.enumerated() {
                        var values: [any Encodable & Sendable] = []
                        for column in columns {
                            values.append(try Self.value(row, column.columnName, column.dataType, table: table))
                        }
                        query.appendLiteral(i == 0 ? "(" : ", (")
                        query.appendInterpolation(binds: values)
                        query.appendLiteral(")")
                    }
                    try await db.raw(query).run()
                    done += chunk.count
                    progress(table, done, total)
                }
                if total == 0 { progress(table, 0, 0) }
                if columns.contains(where: { $0.isIdentity == "YES" }), total > 0, let identity = columns.first(where: { $0.isIdentity == "YES" }) {
                    try await db.raw(
                        """
                        SELECT setval(pg_get_serial_sequence(\(bind: table), \(bind: identity.columnName)), (SELECT MAX(\(ident: identity.columnName)) FROM \(ident: table)))
                        """
                    ).run()
                }
                copied[table] = total
            }
            return copied
        }
    }

    static func value(_ row: any SQLRow, _ column: String, _ type: String, table: String) throws -> any Encodable & Sendable {
        // A NULL is bound with its column's type: PostgreSQL does not turn an untyped text NULL into a uuid.
        if !row.contains(column: column) || (try? row.decodeNil(column: column)) == true {
            switch type {
            case "uuid": return UUID?.none
            case "timestamp with time zone": return Date?.none
            case "boolean": return Bool?.none
            case "integer", "bigint", "smallint": return Int?.none
            default: return String?.none
            }
        }
        switch type {
        case "uuid":
            let text = try row.decode(column: column, as: String.self)
            return UUID(uuidString: text) ?? UUID()
        case "timestamp with time zone":
            return Date(timeIntervalSince1970: try row.decode(column: column, as: Double.self))
        case "boolean":
            return try row.decode(column: column, as: Int.self) != 0
        case "integer", "bigint", "smallint":
            return try row.decode(column: column, as: Int.self)
        case "text", "character varying":
            return try row.decode(column: column, as: String.self)
        default:
            throw Problem.unknownType(table: table, column: column, type: type)
        }
    }
}
