import TandemApp
import TandemCore

/// One form field with its label, value as typed, and its error, rendered by the `field` partial.
struct FormField: Sendable {
    let name: String
    let label: String
    let type: String
    let value: String
    let error: String?
    let hint: String?
    let required: Bool
    let autocomplete: String?
    let maxLength: Int?
    /// Ids of the hint and error, for aria-describedby (stored: templates see stored properties only).
    let describedBy: String?
    /// A multi-line text area rather than an input (`type: "textarea"`).
    let textarea: Bool

    init(
        _ name: String, _ label: String, type: String = "text", value: String? = nil, errors: [FieldError] = [], hint: String? = nil,
        required: Bool = false, autocomplete: String? = nil, maxLength: Int? = nil
    ) {
        self.name = name
        self.label = label
        self.type = type
        // Passwords are never sent back to the browser.
        self.value = type == "password" ? "" : (value ?? "")
        self.error = errors.first(where: { $0.field == name })?.message
        self.hint = hint
        self.required = required
        self.autocomplete = autocomplete
        self.maxLength = maxLength
        self.textarea = type == "textarea"
        let ids = [hint != nil ? "\(name)-hint" : nil, self.error != nil ? "\(name)-error" : nil].compactMap { $0 }
        self.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// The list of problems shown above a form, each linking to its field.
struct ErrorSummary: Sendable {
    struct Item: Sendable {
        let field: String
        let message: String
    }
    let items: [Item]

    /// The summary of a page's errors, each linking to its field; `targets` names the element a field's link goes to
    /// when the page shows it under another id (a group of choices, a form whose error is about the whole record).
    init?(_ errors: [FieldError], targets: [String: String] = [:]) {
        guard !errors.isEmpty else { return nil }
        self.items = errors.map { Item(field: targets[$0.field] ?? $0.field, message: $0.message) }
    }
}

/// A group of radio buttons or checkboxes in a fieldset, rendered by the `choices` partial. The first option's id is
/// the group's name, so the error summary's link lands on it.
struct ChoiceField: Sendable {
    struct Option: Sendable {
        let id: String
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }
    let name: String
    let legend: String
    let type: String
    let hint: String?
    let error: String?
    let required: Bool
    let describedBy: String?
    let options: [Option]

    /// One answer of several (`type: "radio"`): `selected` is the value as submitted.
    static func radio(
        _ name: String, _ legend: String, options: [(value: String, label: String)], selected: String?, errors: [FieldError], hint: String? = nil
    ) -> ChoiceField {
        ChoiceField(
            name: name, legend: legend, type: "radio", hint: hint, errors: errors, required: true,
            options: options.enumerated().map { i, o in
                Option(id: i == 0 ? name : "\(name)-\(o.value)", name: name, value: o.value, label: o.label, checked: o.value == selected)
            }
        )
    }

    /// Any number of ticks (`type: "checkbox"`), each its own form name `name-value`.
    static func checkboxes(
        _ name: String, _ legend: String, options: [(value: String, label: String)], checked: Set<String>, errors: [FieldError], hint: String? = nil
    ) -> ChoiceField {
        ChoiceField(
            name: name, legend: legend, type: "checkbox", hint: hint, errors: errors, required: false,
            options: options.enumerated().map { i, o in
                Option(
                    id: i == 0 ? name : "\(name)-\(o.value)", name: "\(name)-\(o.value)", value: "on", label: o.label,
                    checked: checked.contains(o.value))
            }
        )
    }

    private init(name: String, legend: String, type: String, hint: String?, errors: [FieldError], required: Bool, options: [Option]) {
        self.name = name
        self.legend = legend
        self.type = type
        self.hint = hint
        self.error = errors.first(where: { $0.field == name })?.message
        self.required = required
        self.options = options
        let ids = [hint != nil ? "\(name)-hint" : nil, self.error != nil ? "\(name)-error" : nil].compactMap { $0 }
        self.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
    }
}

/// One control of a form built by the generic `form` template: a field or a group of choices.
struct FormItem: Sendable {
    let field: FormField?
    let choices: ChoiceField?

    static func field(_ field: FormField) -> FormItem { FormItem(field: field, choices: nil) }
    static func choices(_ choices: ChoiceField) -> FormItem { FormItem(field: nil, choices: choices) }
}

/// A page holding one form of fields and choices, with an optional explanation above it (the `form` template).
struct FormPage: PageModel {
    static let template = "form"
    let shell: Shell
    let backHref: String
    let backLabel: String
    let heading: String
    let lede: String?
    let note: String?
    let action: String
    let submitLabel: String
    let errorSummary: ErrorSummary?
    let items: [FormItem]
}
