import Foundation
import Hummingbird
import NIOCore
import TandemApp
import TandemCore

/// JSON in and out of the API: camelCase keys, ISO 8601 UTC times, UUID strings.
enum JSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try self.encoder.encode(value))))
    }

    /// The body of an error answer: `{"error": {"code", "message", "field"?, "details"?}}`.
    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?
            let details: [FieldError]?
        }
        let error: Detail
    }

    static func error(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, details: [FieldError]? = nil) -> Response {
        (try? self.response(ErrorBody(error: .init(code: code, message: message, field: field, details: details)), status: status))
            ?? Response(status: status)
    }

    /// Reads a request body that must be one JSON object. Malformed JSON is 400; a non-object is 422. With
    /// `allowEmpty`, an empty body reads as `{}` (for actions that take no fields).
    static func object(_ request: Request, context: TandemContext, allowEmpty: Bool = false) async throws -> JSONObject {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = buffer.readData(length: buffer.readableBytes) ?? Data()
        if allowEmpty, data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return JSONObject(values: [:]) }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIProblem.malformedJSON
        }
        guard case .object(let object) = value else {
            throw TandemError.invalid("body", "The body must be a JSON object.")
        }
        return JSONObject(values: object)
    }
}

/// Request-level problems that are not the domain's rules.
enum APIProblem: Error {
    case malformedJSON
}

/// Any JSON value, decoded strictly: true is never 1, and 1 is never true.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }
}

/// A parsed JSON object with typed, field-naming accessors.
struct JSONObject {
    let values: [String: JSONValue]

    /// Refuses keys the route does not know, so a typo is an error, not a silently ignored field.
    func allowOnly(_ keys: Set<String>) throws {
        if let unknown = self.values.keys.sorted().first(where: { !keys.contains($0) }) {
            throw TandemError.invalid(unknown, "\(unknown) is not a field of this request.")
        }
    }

    /// A string or absent/null; any other type is a 422 naming the field.
    func string(_ key: String) throws -> String? {
        switch self.values[key] {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw TandemError.invalid(key, "\(key) must be a string.")
        }
    }

    /// A whole number or absent/null, as text for the domain's draft (which checks its range).
    func integer(_ key: String) throws -> String? {
        switch self.values[key] {
        case nil, .null: return nil
        case .number(let n) where n.rounded() == n && abs(n) < 1e9: return String(Int(n))
        default: throw TandemError.invalid(key, "\(key) must be a whole number.")
        }
    }

    /// true or false; absent is `defaultValue`.
    func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        switch self.values[key] {
        case nil: return defaultValue
        case .bool(let b): return b
        default: throw TandemError.invalid(key, "\(key) must be true or false.")
        }
    }

    /// An array of strings, or absent (empty).
    func strings(_ key: String) throws -> [String] {
        switch self.values[key] {
        case nil, .null: return []
        case .array(let items):
            return try items.map {
                guard case .string(let s) = $0 else { throw TandemError.invalid(key, "\(key) must be an array of strings.") }
                return s
            }
        default: throw TandemError.invalid(key, "\(key) must be an array of strings.")
        }
    }

    /// An array of whole numbers where null marks an unanswered item; absent is empty.
    func answers(_ key: String) throws -> [Int?] {
        switch self.values[key] {
        case nil, .null: return []
        case .array(let items):
            return try items.enumerated().map { i, item in
                switch item {
                case .null: return nil
                case .number(let n) where n.rounded() == n && abs(n) < 1e6: return Int(n)
                default: throw TandemError.invalid("\(key)[\(i)]", "\(key)[\(i)] must be a whole number (or null for an unanswered item).")
                }
            }
        default: throw TandemError.invalid(key, "\(key) must be an array of whole numbers.")
        }
    }

    /// An array of objects, or absent (empty); anything else names the element at fault.
    func objects(_ key: String) throws -> [JSONObject] {
        switch self.values[key] {
        case nil, .null: return []
        case .array(let items):
            return try items.enumerated().map { i, item in
                guard case .object(let values) = item else { throw TandemError.invalid("\(key)[\(i)]", "\(key)[\(i)] must be an object.") }
                return JSONObject(values: values)
            }
        default: throw TandemError.invalid(key, "\(key) must be an array of objects.")
        }
    }

    /// A nested object, or absent/null.
    func object(_ key: String) throws -> JSONObject? {
        switch self.values[key] {
        case nil, .null: return nil
        case .object(let values): return JSONObject(values: values)
        default: throw TandemError.invalid(key, "\(key) must be an object.")
        }
    }

    /// An instant written in ISO 8601 with its offset ("2026-12-01T14:00:00Z" or "...+01:00"); absent is nil, and
    /// anything else answers the field's problem for the domain to report.
    func instant(_ key: String) throws -> (Date?, problem: String?) {
        guard let text = try self.string(key) else { return (nil, nil) }
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = plain.date(from: text) ?? fractional.date(from: text) { return (date, nil) }
        return (nil, "\(key) must be an ISO 8601 date and time with its offset, e.g. 2026-12-01T14:00:00Z.")
    }

    /// For PATCH: absent keeps, null clears, a string sets.
    func change(_ key: String) throws -> ClientPatch.Change<String> {
        switch self.values[key] {
        case nil: return .keep
        case .null: return .set(nil)
        case .string(let text): return .set(text)
        default: throw TandemError.invalid(key, "\(key) must be a string or null.")
        }
    }
}
