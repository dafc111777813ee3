import SQLKit
import Synchronization

/// Columns are snake_case in SQL and camelCase in Swift row structs. SQLKit's own `.convertFromSnakeCase` converts the
/// key again for every column of every row (a tenth of the engagement page's time); the conversion is the same each
/// time, so it is kept once per key here.
let snakeCaseRows = SQLRowDecoder(keyDecodingStrategy: .custom({ path in SnakeCaseKeys.column(for: path.last!) }))

enum SnakeCaseKeys {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let known = Mutex<[String: String]>([:])

    static func column(for key: any CodingKey) -> any CodingKey {
        let name = key.stringValue
        if let column = self.known.withLock({ $0[name] }) { return Key(stringValue: column) }
        let column = self.snakeCase(name)
        self.known.withLock { $0[name] = column }
        return Key(stringValue: column)
    }

    /// SQLKit's own conversion (3.36, `convertedToSnakeCase`), word for word: `clientIntention` -> `client_intention`,
    /// `userID` -> `user_id`.
    static func snakeCase(_ name: String) -> String {
        guard !name.isEmpty else { return name }
        var words: [Range<String.Index>] = []
        var wordStart = name.startIndex
        var searchIndex = name.index(after: wordStart)
        while let upperCaseIndex = name[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upperCaseIndex)
            wordStart = upperCaseIndex
            guard let lowerCaseIndex = name[upperCaseIndex...].firstIndex(where: \.isLowercase) else { break }
            searchIndex = lowerCaseIndex
            if lowerCaseIndex != name.index(after: upperCaseIndex) {
                let beforeLowerIndex = name.index(before: lowerCaseIndex)
                words.append(upperCaseIndex..<beforeLowerIndex)
                wordStart = beforeLowerIndex
            }
        }
        words.append(wordStart..<name.endIndex)
        return words.map { word in
            let text = name[word]
            return text.isEmpty ? "" : text.prefix(1).lowercased() + text.dropFirst()
        }.joined(separator: "_")
    }
}

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

extension SQLRow {
    /// This row decoded into `D` with snake_case columns (for a row that holds two models side by side).
    func decoded<D: Decodable>(_ type: D.Type) throws -> D {
        try self.decode(model: D.self, with: snakeCaseRows)
    }
}
