import Foundation
import Hummingbird
import Logging
import TandemApp
import TandemCore

/// Turns every error into an answer a person can act on: JSON under /api, an HTML page elsewhere. Nothing a person
/// sends produces a 500; an unexpected error is logged by type only (its text could hold clinical data) and answered 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices
    let inventory: RouteInventory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = Problem(error)
            if problem.status == .internalServerError {
                context.logger.error("Unexpected error", metadata: ["type": .string(String(reflecting: type(of: error)))])
            }
            // An address that exists, asked with a method it does not take: 405 and the methods it does.
            var allow: [HTTPRequest.Method] = []
            if let routing = error as? HTTPResponseError, routing.status == .notFound {
                allow = self.inventory.methods(at: request.uri.path)
                if !allow.isEmpty, !allow.contains(request.method) {
                    problem = Problem(
                        status: .methodNotAllowed, code: "method_not_allowed",
                        message: "This address takes \(allow.map(\.rawValue).joined(separator: ", ")), not \(request.method.rawValue).")
                } else {
                    allow = []
                }
            }
            let response = try await self.answer(problem, request: request, context: context)
            guard !allow.isEmpty else { return response }
            var allowed = response
            allowed.headers[.allow] = allow.map(\.rawValue).joined(separator: ", ")
            return allowed
        }
    }

    private func answer(_ problem: Problem, request: Request, context: Context) async throws -> Response {
        if request.uri.path.hasPrefix("/api/") {
            var response = JSON.error(
                status: problem.status, code: problem.code, message: problem.message, field: problem.field, details: problem.details)
            if problem.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
        return try await self.page(for: problem, context: context)
    }

    private func page(for problem: Problem, context: Context) async throws -> Response {
        struct ErrorPage: PageModel {
            static let template = "error"
            let shell: Shell
            let heading: String
            let message: String
            let backHref: String
            let backLabel: String
        }
        let signedIn = context.identity != nil
        let shell =
            (try? await self.services.shell(problem.heading, context))
            ?? Shell(title: problem.heading, practiceName: nil, account: nil, nav: [], csrf: "", flash: nil)
        let page = ErrorPage(
            shell: shell, heading: problem.heading, message: problem.message,
            backHref: signedIn ? SiteURL.clients.path : SiteURL.home.path, backLabel: signedIn ? "Back to your clients" : "Go to the start page"
        )
        return try self.services.views.render(page, status: problem.status)
    }
}

/// An error, classified: status, code, message, and the field at fault if any.
struct Problem {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var field: String? = nil
    var details: [FieldError]? = nil

    var heading: String {
        switch self.status.code {
        case 400: "That request could not be read"
        case 401: "Please sign in"
        case 403: "Not allowed"
        case 404: "Page not found"
        case 409: "That cannot be done now"
        case 413: "That is too large"
        case 422: "Please check what you sent"
        default: "Something went wrong"
        }
    }

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, details: [FieldError]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    init(_ error: any Error) {
        switch error {
        case let error as TandemError:
            switch error {
            case .validation(let errors):
                self.init(
                    status: .unprocessableContent, code: "validation_failed", message: error.message, field: errors.first?.field, details: errors)
            case .notFound: self.init(status: .notFound, code: "not_found", message: error.message)
            case .forbidden: self.init(status: .forbidden, code: "forbidden", message: error.message)
            case .conflict(let code, let message): self.init(status: .conflict, code: code.rawValue, message: message)
            case .signInRefused(let message): self.init(status: .unauthorized, code: "sign_in_refused", message: message)
            case .unauthenticated:
                self.init(status: .unauthorized, code: "unauthenticated", message: "Send a valid API token as Authorization: Bearer TOKEN.")
            }
        case APIProblem.malformedJSON:
            self.init(status: .badRequest, code: "malformed_json", message: "The body is not valid JSON.")
        case let error as HTTPResponseError:
            switch error.status {
            case .notFound: self.init(status: .notFound, code: "not_found", message: "There is nothing at this address.")
            case .contentTooLarge: self.init(status: .contentTooLarge, code: "body_too_large", message: "The request body is over the 1 MiB limit.")
            case .methodNotAllowed:
                self.init(status: .methodNotAllowed, code: "method_not_allowed", message: "This address does not accept that method.")
            default:
                self.init(status: error.status, code: "http_\(error.status.code)", message: error.status.reasonPhrase)
            }
        default:
            self.init(
                status: .internalServerError, code: "internal_error",
                message: "Tandem could not finish this request. Nothing was half-saved; please try again.")
        }
    }
}
