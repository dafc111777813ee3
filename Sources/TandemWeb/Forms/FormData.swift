import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// A submitted `application/x-www-form-urlencoded` form whose CSRF token has been checked.
struct FormData: Sendable {
    let values: [String: String]

    /// A field as a person meant it: trimmed of surrounding white space, a browser's CR LF made a newline. The text
    /// rule in Core then sees the same text the API would send.
    subscript(_ name: String) -> String? {
        guard var text = self.values[name] else { return nil }
        if text.unicodeScalars.contains("\r") {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A field exactly as sent: passwords are taken whole, spaces and all.
    func secret(_ name: String) -> String? { self.values[name] }

    /// Whether a checkbox was ticked.
    func isOn(_ name: String) -> Bool { ["on", "true", "1", "yes"].contains(self.values[name] ?? "") }

    /// Parses the body; every form in Tandem is read through here, so none can skip the CSRF check.
    static func read(_ request: Request, context: some TandemRequestContext, csrf: CSRFGuard) async throws -> FormData {
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let text = buffer.readString(length: buffer.readableBytes) ?? ""
        let form = FormData(values: Self.parse(text))
        guard csrf.isValid(form.secret("_csrf"), for: context.base.csrfBinding) else {
            throw TandemError.forbidden("This form has expired or did not come from Tandem. Go back, reload the page and send it again.")
        }
        return form
    }

    /// Decodes `a=1&b=two+words`; the last value wins when a name repeats.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? (decode(parts[1]) ?? "") : ""
        }
        return values
    }
}
