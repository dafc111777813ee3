import Foundation

/// Collects field errors while a draft is checked, so a person sees every problem at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        self.errors.append(FieldError(field: field, message: message))
    }

    /// Trims and checks a required text; answers the trimmed text (empty when it failed).
    public mutating func required(_ field: String, _ label: String, _ value: String?, max: Int, min: Int = 1) -> String {
        let text = Self.trimmed(value)
        if text.isEmpty {
            self.fail(field, "\(label) is required.")
        } else if text.count < min {
            self.fail(field, "\(label) must be at least \(min) characters.")
        } else if text.count > max {
            self.fail(field, "\(label) must be at most \(max) characters (it has \(text.count)).")
        }
        if Self.hasControlCharacters(text) { self.fail(field, "\(label) must not contain control characters.") }
        return text
    }

    /// Trims and checks an optional text; empty input becomes `nil`.
    public mutating func optional(_ field: String, _ label: String, _ value: String?, max: Int) -> String? {
        let text = Self.trimmed(value)
        guard !text.isEmpty else { return nil }
        if text.count > max { self.fail(field, "\(label) must be at most \(max) characters (it has \(text.count)).") }
        if Self.hasControlCharacters(text) { self.fail(field, "\(label) must not contain control characters.") }
        return text
    }

    /// An e-mail address of ordinary shape (one @, a dot in the domain, no spaces), lower-cased.
    public mutating func email(_ field: String, _ value: String?, required: Bool) -> String? {
        let text = Self.trimmed(value).lowercased()
        if text.isEmpty {
            if required { self.fail(field, "Email is required.") }
            return nil
        }
        if !EmailAddress.isValid(text) {
            self.fail(field, "Email must look like name@example.org.")
        }
        return text
    }

    /// A phone number: digits, spaces and + ( ) - . only, 5 to 30 characters.
    /// The longest phone number and e-mail address a field takes.
    public static let maximumPhoneLength = 30
    public static let maximumEmailLength = 254

    public mutating func phone(_ field: String, _ value: String?) -> String? {
        let text = Self.trimmed(value)
        guard !text.isEmpty else { return nil }
        let allowed = CharacterSet(charactersIn: "0123456789 +()-./x")
        let digits = text.filter(\.isNumber).count
        if text.count > Self.maximumPhoneLength || digits < 5 || text.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            self.fail(field, "Phone must be 5 to 30 characters of digits, spaces and + ( ) - only.")
        }
        return text
    }

    /// A calendar date as YYYY-MM-DD, within the given bounds.
    public mutating func date(_ field: String, _ label: String, _ value: String?, notAfter latest: LocalDate?, notBefore earliest: LocalDate?)
        -> LocalDate?
    {
        let text = Self.trimmed(value)
        guard !text.isEmpty else { return nil }
        guard let date = LocalDate(text) else {
            self.fail(field, "\(label) must be a real date written YYYY-MM-DD.")
            return nil
        }
        if let latest, date > latest { self.fail(field, "\(label) cannot be after \(latest).") }
        if let earliest, date < earliest { self.fail(field, "\(label) cannot be before \(earliest).") }
        return date
    }

    /// Throws `.validation` with everything collected, if anything was.
    public func check() throws(TandemError) {
        if !self.errors.isEmpty { throw .validation(self.errors) }
    }

    static func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) && $0 != "\n" && $0 != "\t" && $0 != "\r" }
    }
}

/// E-mail address shape checks (deliberately simple: deliverability is not knowable from the text).
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        guard text.count <= Validator.maximumEmailLength, !text.contains(where: { $0.isWhitespace }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return false }
        return domain.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }
}
