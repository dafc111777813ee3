import Crypto
import Foundation

/// A column that holds ciphertext: the associated data binds each value to its table, column and row, so a value
/// copied to another row or column does not decrypt.
public struct SealedField: Sendable, Hashable {
    public let table: String
    public let column: String

    init(_ table: String, _ column: String) {
        self.table = table
        self.column = column
    }

    /// `tandem/<table>/<column>/` and the row id's 16 bytes (not its text: formatting a UUID is slow on Linux).
    func associatedData(row: UUID) -> Data {
        var data = Data("tandem/\(self.table)/\(self.column)/".utf8)
        withUnsafeBytes(of: row.uuid) { data.append(contentsOf: $0) }
        return data
    }
}

/// The installation's keys, unwrapped in memory: the data keys (AES-256-GCM, one per generation; the newest seals,
/// any opens what it sealed), the blind-index key (HMAC-SHA256 of normalised name prefixes) and the audit-chain key.
/// (`@unchecked`: swift-crypto's keys are immutable values not yet marked Sendable.)
public struct Keyring: @unchecked Sendable {
    let generation: Int
    let dataKeys: [Int: SymmetricKey]
    let index: SymmetricKey
    let audit: SymmetricKey

    /// Every sealed value starts with this and its key's generation: `e1:` then base64 of nonce, ciphertext and tag.
    static let prefix = "e"

    /// The stored form of `text` in `field` of `row`.
    func seal(_ text: String, _ field: SealedField, row: UUID) throws -> String {
        try self.seal(text, field, row: row, generation: self.generation)
    }

    func seal(_ text: String?, _ field: SealedField, row: UUID) throws -> String? {
        guard let text else { return nil }
        return try self.seal(text, field, row: row, generation: self.generation)
    }

    func seal(_ text: String, _ field: SealedField, row: UUID, generation: Int) throws -> String {
        guard let key = self.dataKeys[generation] else { throw KeyError.damaged("no data key of generation \(generation)") }
        let box = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: field.associatedData(row: row))
        guard let combined = box.combined else { throw KeyError.damaged("AES-GCM gave no combined form") }
        return "\(Self.prefix)\(generation):" + combined.base64EncodedString()
    }

    /// The text of a stored value; an error naming the field if it was changed, moved or sealed by an unknown key.
    func open(_ stored: String, _ field: SealedField, row: UUID) throws -> String { try self.text(of: stored, field, row: row) }

    private func text(of stored: String, _ field: SealedField, row: UUID) throws -> String {
        guard let (generation, combined) = Self.parse(stored), let key = self.dataKeys[generation] else {
            throw StoreError.unexpected("\(field.table).\(field.column) of \(row) is not sealed by this installation's keys")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            let plain = try AES.GCM.open(box, using: key, authenticating: field.associatedData(row: row))
            guard let text = String(data: plain, encoding: .utf8) else { throw StoreError.unexpected("not UTF-8") }
            return text
        } catch {
            throw StoreError.unexpected("\(field.table).\(field.column) of \(row) does not decrypt: it was changed or copied from another row")
        }
    }

    func open(_ stored: String?, _ field: SealedField, row: UUID) throws -> String? {
        guard let stored else { return nil }
        return try self.text(of: stored, field, row: row)
    }

    /// The generation of the key that sealed `stored`, or nil if it is not a sealed value.
    static func generation(of stored: String) -> Int? { Self.parse(stored)?.0 }

    private static func parse(_ stored: String) -> (Int, Data)? {
        guard stored.hasPrefix(Self.prefix), let colon = stored.firstIndex(of: ":"),
            let generation = Int(stored[stored.index(after: stored.startIndex)..<colon]),
            let combined = Data(base64Encoded: String(stored[stored.index(after: colon)...]))
        else { return nil }
        return (generation, combined)
    }

    // MARK: Blind index

    /// Longest prefix of a word that is indexed; longer search words are cut to it (and checked in full after).
    static let longestPrefix = 12

    /// The words of a name as searched: case and accents folded, split at anything not a letter or digit.
    static func words(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The index entries of a name: a keyed digest of every prefix of every word, each once.
    func nameTokens(_ name: String) -> Set<String> {
        var tokens: Set<String> = []
        for word in Self.words(name) {
            var prefix = ""
            for character in word.prefix(Self.longestPrefix) {
                prefix.append(character)
                tokens.insert(self.token(prefix))
            }
        }
        return tokens
    }

    /// The entries a search must all find: one per word of the search.
    func searchTokens(_ search: String) -> Set<String> {
        Set(Self.words(search).map { self.token(String($0.prefix(Self.longestPrefix))) })
    }

    /// Whether `name` has a word beginning with each word of `search` (the exact check after the index narrowed).
    static func matches(_ name: String, search: String) -> Bool {
        let words = Self.words(name)
        return Self.words(search).allSatisfy { query in words.contains { $0.hasPrefix(query) } }
    }

    /// A keyed digest for finding a row by an exact value without storing the value (a portal email, a sign-in
    /// throttle's key): the same value always gives the same digest, and the digest gives nothing back.
    func lookupToken(_ purpose: String, _ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((purpose + ":" + value).utf8), using: self.index)
        return Data(mac).prefix(16).base64EncodedString()
    }

    private func token(_ prefix: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("name:" + prefix).utf8), using: self.index)
        return Data(mac).prefix(12).base64EncodedString()
    }

    // MARK: Audit chain

    /// The chain's MAC of one event: over its canonical content and the previous event's MAC.
    func auditMAC(_ canonical: Data, previous: String?) -> String {
        var message = Data((previous ?? "start").utf8)
        message.append(0)
        message.append(canonical)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: self.audit)
        return Data(mac).base64EncodedString()
    }
}
