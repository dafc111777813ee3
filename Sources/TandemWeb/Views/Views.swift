import Foundation
import Hummingbird
import Mustache
import TandemCore

/// The page templates, loaded once at start. A page is a view model struct rendered by one template.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ViewError.missingTemplates
        }
        return Views(library: try await MustacheLibrary(directory: directory.path))
    }

    /// Renders `page` with `template` into an HTML response. Pages show clinical data, so nothing is cached.
    func render(_ page: some PageModel, status: HTTPResponse.Status = .ok) throws -> Response {
        let html = try self.html(page)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page's HTML.
    func html(_ page: some PageModel) throws -> String {
        guard let html = self.library.render(page, withTemplate: type(of: page).template) else {
            throw ViewError.missingTemplate(type(of: page).template)
        }
        return html
    }

    enum ViewError: Error, CustomStringConvertible {
        case missingTemplates
        case missingTemplate(String)
        var description: String {
            switch self {
            case .missingTemplates: "The Templates folder is missing from TandemWeb's resources."
            case .missingTemplate(let name): "No template named \(name)."
            }
        }
    }
}

/// A view model: exactly what one template shows, already formatted.
protocol PageModel: Sendable {
    static var template: String { get }
    var shell: Shell { get }
}

/// What every page's frame shows: title, who is signed in, the navigation, the CSRF token for its forms.
struct Shell: Sendable {
    struct NavItem: Sendable {
        let label: String
        let href: String
        let current: Bool
    }
    struct SignedIn: Sendable {
        let name: String
        let roleLabel: String
    }

    let title: String
    let practiceName: String?
    let account: SignedIn?
    let nav: [NavItem]
    let csrf: String
    let flash: String?
}

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

    init?(_ errors: [FieldError]) {
        guard !errors.isEmpty else { return nil }
        self.items = errors.map { Item(field: $0.field, message: $0.message) }
    }
}

