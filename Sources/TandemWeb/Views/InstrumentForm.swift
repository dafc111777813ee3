import TandemApp
import TandemCore

/// A questionnaire as a form, the same in session and in the portal: one radio group per item (`item1`, `item2`...).
enum InstrumentForm {
    /// The answers as submitted; an unanswered or unreadable item is nil.
    static func answers(_ instrument: Instrument, from form: FormData) -> [Int?] {
        instrument.items.map { form["item\($0.number)"].flatMap { Int($0) } }
    }

    /// Scoring errors on the form's fields: `answers[i]` on item i+1, and "answers" (every unanswered item) on the
    /// first item, so the summary links to it.
    static func errors(_ errors: [FieldError]) -> [FieldError] {
        errors.map { e in
            if e.field == "answers" { return FieldError(field: "item1", message: e.message) }
            if e.field.hasPrefix("answers["), let i = Int(e.field.dropFirst(8).dropLast()) {
                return FieldError(field: "item\(i + 1)", message: e.message)
            }
            return e
        }
    }

    /// The radio groups; `showValues` adds each option's score to its label (for the practitioner).
    static func items(_ instrument: Instrument, values: [String: String], errors: [FieldError], showValues: Bool) -> [FormItem] {
        instrument.items.map { item in
            .choices(
                .radio(
                    "item\(item.number)", "\(item.number). \(item.text)",
                    options: instrument.options.map { (String($0.value), showValues ? "\($0.label) (\($0.value))" : $0.label) },
                    selected: values["item\(item.number)"], errors: errors
                ))
        }
    }
}
