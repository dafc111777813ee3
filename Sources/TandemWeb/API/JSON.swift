import Foundation
import Hummingbird
import NIOCore
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

    /// Reads a request body that must be one JSON object. Malformed JSON is 400; a non-object is 422.
    static func object(_ request: Request, context: TandemContext) async throws -> JSONObject {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = buffer.readData(length: buffer.readableBytes) ?? Data()
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIProblem.malformedJSON
        }
        guard let object = parsed as? [String: Any] else {
            throw TandemError.invalid("body", "The body must be a JSON object.")
        }
        return JSONObject(values: object)
    }
}

/// Request-level problems that are not the domain's rules.
enum APIProblem: Error {
    case malformedJSON
}

/// A parsed JSON object with typed, field-naming accessors.
struct JSONObject {
    let values: [String: Any]

    /// Refuses keys the route does not know, so a typo is an error, not a silently ignored field.
    func allowOnly(_ keys: Set<String>) throws {
        if let unknown = self.values.keys.sorted().first(where: { !keys.contains($0) }) {
            throw TandemError.invalid(unknown, "\(unknown) is not a field of this request.")
        }
    }

    /// A string or absent/null; any other type is a 422 naming the field.
    func string(_ key: String) throws -> String? {
        switch self.values[key] {
        case nil, is NSNull: return nil
        case let text as String: return text
        default: throw TandemError.invalid(key, "\(key) must be a string.")
        }
    }

    /// For PATCH: absent keeps, null clears, a string sets.
    func change(_ key: String) throws -> ClientPatch.Change<String> {
        switch self.values[key] {
        case nil: return .keep
        case is NSNull: return .set(nil)
        case let text as String: return .set(text)
        default: throw TandemError.invalid(key, "\(key) must be a string or null.")
        }
    }
}
