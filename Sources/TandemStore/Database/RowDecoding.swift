import SQLKit

/// Columns are snake_case in SQL and camelCase in Swift row structs.
let snakeCaseRows = SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)

extension SQLQueryFetcher {
    /// Every row, decoded into `D` with snake_case columns.
    func rows<D: Decodable>(_ type: D.Type) async throws -> [D] {
        try await self.all(decoding: D.self, with: snakeCaseRows)
    }

    /// The first row, decoded into `D` with snake_case columns.
    func row<D: Decodable>(_ type: D.Type) async throws -> D? {
        try await self.first(decoding: D.self, with: snakeCaseRows)
    }
}
