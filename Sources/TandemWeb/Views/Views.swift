import Foundation
import Hummingbird
import Mustache
import TandemApp
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
        guard let html = self.library.render(TemplateFields(page), withTemplate: type(of: page).template) else {
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
