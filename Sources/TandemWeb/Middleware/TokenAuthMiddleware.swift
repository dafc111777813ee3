import Hummingbird
import TandemApp
import TandemCore

/// For the API: the caller is whoever owns the `Authorization: Bearer` token. No cookies are read, so no CSRF applies.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = TandemContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let token = try Bearer.token(request)
        guard let account = try await self.services.app.signIn.account(forAPIToken: token) else { throw TandemError.unauthenticated }
        var context = context
        context.identity = Identity(account: account, sessionTokenHash: nil)
        return try await next(request, context)
    }
}

/// The token of an `Authorization: Bearer` header, or a 401.
enum Bearer {
    static func token(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw TandemError.unauthenticated
        }
        return header.dropFirst(7).trimmingCharacters(in: .whitespaces)
    }
}
