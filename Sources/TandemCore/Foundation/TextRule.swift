import Foundation

/// The one rule every text a person types follows, in the API and in the forms alike.
///
/// - Lengths are counted in Unicode scalars, the unit of the database's `length()` on both backends, so a text the
///   rule accepts is never refused by a CHECK: "é" written as e + U+0301 counts two, as U+00E9 one.
/// - C0 and C1 control characters are refused; a multi-line field takes line endings (LF, CR) and tab.
/// - The text is kept exactly as given; a required one must hold more than white space. (The forms trim what a
///   person typed and make a browser's CR LF a newline before the rule sees it; the API's texts are taken as sent.)
/// - The bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused: they can make a text read
///   differently from what it holds.
/// - Everything else is accepted: every script, the zero-width joiner and non-joiner (emoji sequences, Persian),
///   the directional marks (U+200E, U+200F, U+061C) and variation selectors.
public enum TextRule {
    public enum Lines: Sendable {
        case single, multiple
    }

    /// How long a text is, as the database counts it.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Whether the text holds something other than white space.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// What is wrong with the text's characters, said for a person, or `nil` when nothing is.
    public static func problem(in text: String, label: String, lines: Lines) -> String? {
        for scalar in text.unicodeScalars {
            if Self.isBidiControl(scalar) {
                return "\(label) must not contain direction overrides or isolates (\(Self.code(scalar)) found)."
            }
            guard Self.isControl(scalar) else { continue }
            if lines == .multiple, scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            if scalar == "\n" || scalar == "\r" {
                return "\(label) must be a single line."
            }
            return "\(label) must not contain control characters (\(Self.code(scalar)) found)."
        }
        return nil
    }

    /// A C0 (U+0000–U+001F, U+007F) or C1 (U+0080–U+009F) control character.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    static func code(_ scalar: Unicode.Scalar) -> String {
        "U+" + String(format: "%04X", scalar.value)
    }
}
