import Foundation

/// Collects field errors while a draft is checked, so a person sees every problem at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        self.errors.append(FieldError(field: field, message: message))
    }

    /// Checks a required text by the text rule (`TextRule`): it must hold more than white space. Answers the text
    /// (empty when it failed). Limits count Unicode scalars, as the database does.
    public mutating func required(
        _ field: String, _ label: String, _ value: String?, max: Int, min: Int = 1, lines: TextRule.Lines = .single
    ) -> String {
        let text = value ?? ""
        let length = TextRule.length(text)
        if TextRule.isBlank(text) {
            self.fail(field, text.isEmpty ? "\(label) is required." : "\(label) must hold more than spaces.")
        } else if length < min {
            self.fail(field, "\(label) must be at least \(min) characters.")
        } else {
            self.checkText(field, label, text, length: length, max: max, lines: lines)
        }
        return text
    }

    /// Checks an optional text by the text rule; an empty one becomes `nil`, one of white space only is refused.
    public mutating func optional(_ field: String, _ label: String, _ value: String?, max: Int, lines: TextRule.Lines = .single) -> String? {
        guard let text = value, !text.isEmpty else { return nil }
        if TextRule.isBlank(text) {
            self.fail(field, "\(label) must hold more than spaces, or be left empty.")
            return nil
        }
        self.checkText(field, label, text, length: TextRule.length(text), max: max, lines: lines)
        return text
    }

    private mutating func checkText(_ field: String, _ label: String, _ text: String, length: Int, max: Int, lines: TextRule.Lines) {
        if length > max { self.fail(field, "\(label) must be at most \(max) characters (it has \(length)).") }
        if let problem = TextRule.problem(in: text, label: label, lines: lines) { self.fail(field, problem) }
    }

    /// An e-mail address of ordinary shape (one @, a dot in the domain, no spaces), lower-cased.
    public mutating func email(_ field: String, _ value: String?, required: Bool) -> String? {
        let text = (value ?? "").lowercased()
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
        let text = value ?? ""
        guard !text.isEmpty else { return nil }
        let allowed = CharacterSet(charactersIn: "0123456789 +()-./x")
        let digits = text.filter(\.isNumber).count
        if TextRule.length(text) > Self.maximumPhoneLength || digits < 5 || text.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            self.fail(field, "Phone must be 5 to 30 characters of digits, spaces and + ( ) - only.")
        }
        return text
    }

    /// A calendar date as YYYY-MM-DD, within the given bounds.
    public mutating func date(_ field: String, _ label: String, _ value: String?, notAfter latest: LocalDate?, notBefore earliest: LocalDate?)
        -> LocalDate?
    {
        let text = value ?? ""
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

}

/// E-mail address shape checks (deliberately simple: deliverability is not knowable from the text).
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        guard TextRule.length(text) <= Validator.maximumEmailLength,
            !text.unicodeScalars.contains(where: { TextRule.isControl($0) || TextRule.isBidiControl($0) }),
            !text.contains(where: { $0.isWhitespace })
        else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].unicodeScalars.count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return false }
        return domain.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    }
}
