import SQLKit

/// One open transaction, handed to table gateways: every query of a use case runs on it, and its writes (the audit
/// event among them) land together or not at all. Only `TandemDatabase.unit` makes one.
public struct Transaction: Sendable {
    let sql: any SQLDatabase
    /// The installation's keys: gateways seal what they write and open what they read with them.
    let keys: Keyring
    let dialect: Dialect
    /// Where this transaction's appends have left the audit chain.
    let chain = ChainCursor()
    /// The database's guess at the chain's head (`RecentHead`).
    let recentHead: RecentHead
}

extension Transaction {
    /// Runs one statement that answers no rows.
    func run(_ statement: SQLQueryString) async throws { try await self.sql.raw(statement).run() }
}

extension TandemDatabase {
    /// A `Transaction` over `sql` (a transaction's session, or the pool itself) with this database's keys and chain.
    private func transaction(over sql: any SQLDatabase, keys: Keyring) -> Transaction {
        Transaction(sql: sql, keys: keys, dialect: self.dialect, recentHead: self.recentHead)
    }

    /// Runs a use case's `body` in one transaction (on SQLite, in its turn among the writers).
    public func unit<R: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> R) async throws -> R {
        let keys = try self.keyring()
        return try await self.transaction { db in try await body(self.transaction(over: db, keys: keys)) }
    }

    /// Runs `body`'s statements each on its own, outside any transaction: for reads that are not clinical and need
    /// no audit event (who is signed in, the practice's settings), where BEGIN and COMMIT would be two statements more.
    public func reading<R: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> R) async throws -> R {
        try await body(self.transaction(over: self.sql, keys: try self.keyring()))
    }

    /// Runs one write statement on its own (atomic by itself, no BEGIN and COMMIT), in its turn among the writers:
    /// a sign-in's "last seen" and the like.
    public func writing<R: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> R) async throws -> R {
        let keys = try self.keyring()
        return try await self.writerTurn { try await body(self.transaction(over: self.sql, keys: keys)) }
    }
}

extension StoreError {
    /// A column held a value no Core type has: an error naming the table and column, never a guess.
    static func unknown<T: RawRepresentable>(_ type: T.Type, _ raw: T.RawValue, table: String, column: String) -> StoreError {
        .unexpected("\(table).\(column) holds \(raw), which is not a \(T.self)")
    }
}

extension RawRepresentable {
    /// The Core value of a stored raw value, or an error naming the table and column it came from.
    static func stored(_ raw: RawValue, table: String, column: String) throws -> Self {
        guard let value = Self(rawValue: raw) else { throw StoreError.unknown(Self.self, raw, table: table, column: column) }
        return value
    }
}
