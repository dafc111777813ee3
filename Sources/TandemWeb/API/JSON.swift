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

    /// Reads a request body into its command: one JSON object holding only the command's own keys (at every level
    /// that is `Strict`), each of its type. Malformed JSON is 400; anything else wrong is 422 naming the field. With
    /// `allowEmpty`, an empty body reads as `{}` (for actions that take no fields).
    static func command<C: APICommand>(_ type: C.Type, _ request: Request, context: some TandemRequestContext, allowEmpty: Bool = false) async throws
        -> C
    {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        var data = buffer.readData(length: buffer.readableBytes) ?? Data()
        if allowEmpty, data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { data = Data("{}".utf8) }
        do {
            return try JSONDecoder().decode(Strict<C>.self, from: data).value
        } catch let error as DecodingError {
            throw Self.problem(error)
        }
    }

    /// A decoding failure as the client should read it: the field (`plan.opening`, `answers[3]`) and what it must be.
    static func problem(_ error: DecodingError) -> any Error {
        let field = Self.field
        func expectation(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: "a string"
            case is Bool.Type: "true or false"
            case is Int.Type, is Double.Type: "a whole number"
            default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
            }
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return APIProblem.malformedJSON
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return TandemError.invalid("body", "The body must be a JSON object.")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let name = field(context.codingPath)
            return TandemError.invalid(name, "\(name) must be \(expectation(type)).")
        case .dataCorrupted(let context):
            // A number that is not a whole number, or too large for one.
            let name = field(context.codingPath)
            return TandemError.invalid(name, "\(name) must be a whole number.")
        case .keyNotFound(let key, let context):
            let name = field(context.codingPath + [key])
            return TandemError.invalid(name, "\(name) is required.")
        @unknown default:
            return TandemError.invalid("body", "The body could not be read.")
        }
    }

    /// A field's name as the client wrote it: `plan.opening`, `answers[3]`, `ratings[0].level`.
    static func field(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }

    /// An instant written in ISO 8601 with its offset ("2026-12-01T14:00:00Z" or "...+01:00"); absent is nil, and
    /// anything else answers the field's problem for the domain to report.
    /// An RFC 3339 date-time (the OpenAPI `date-time` format): any number of fractional digits, `Z` or an offset,
    /// `T` or `t`; a leap second reads as the next instant.
    static func instant(_ text: String?, field key: String) -> (Date?, problem: String?) {
        guard let text else { return (nil, nil) }
        let refused = (Date?.none, "\(key) must be an ISO 8601 date and time with its offset, e.g. 2026-12-01T14:00:00Z.")
        guard
            let match = text.wholeMatch(
                of: /(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))/),
            let day = LocalDate(String(text.prefix(10)))
        else { return refused }
        let (hour, minute, second) = (Int(match.4)!, Int(match.5)!, Int(match.6)!)
        guard hour <= 23, minute <= 59, second <= 60 else { return refused }
        var offset = 0
        if let sign = match.9, let h = Int(match.10 ?? ""), let m = Int(match.11 ?? "") {
            guard h <= 23, m <= 59 else { return refused }
            offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return refused }
        let fraction = match.7.flatMap { Double("0" + $0) } ?? 0
        let seconds = Double(hour * 3600 + minute * 60 + second - offset) + fraction
        return (midnight.addingTimeInterval(seconds), nil)
    }
}

/// A request body's command, or a part of one: decoded from one JSON object whose keys are its `CodingKeys`, named
/// once there.
protocol APICommand: Decodable {
    associatedtype CodingKeys: CodingKey & CaseIterable
}

/// Decodes a command after refusing any key it does not name, so a typo is an error, not a silently ignored field.
struct Strict<Command: APICommand>: Decodable {
    let value: Command

    init(from decoder: any Decoder) throws {
        let known = Set(Command.CodingKeys.allCases.map(\.stringValue))
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { !known.contains($0) }) {
            let field = JSON.field(decoder.codingPath + [AnyKey(stringValue: unknown)])
            throw TandemError.invalid(field, "\(field) is not a field of this request.")
        }
        self.value = try Command(from: decoder)
    }
}

/// Any key of a JSON object, to list the keys a request sent.
private struct AnyKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Request-level problems that are not the domain's rules.
enum APIProblem: Error {
    case malformedJSON
}
