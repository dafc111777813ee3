import HTTPTypes
import Hummingbird

/// Pages that record in place (the live session, the portal's home) send their forms with `fetch` and the header
/// `X-Tandem-In-Place`. Every route answers them exactly as it answers a plain form, except that a redirect, which
/// `fetch` cannot read, becomes 204 with the address in `X-Tandem-Location`: the page then reads that address and
/// swaps in the parts that changed. Without JavaScript nothing here applies.
struct InPlaceMiddleware: RouterMiddleware {
    typealias Context = TandemContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.isInPlace(request), [.seeOther, .found, .movedPermanently, .temporaryRedirect].contains(response.status),
            let location = response.headers[.location]
        else { return response }
        response.status = .noContent
        response.headers[.location] = nil
        response.headers[.tandemLocation] = location
        response.body = .init()
        return response
    }

    static func isInPlace(_ request: Request) -> Bool { request.headers[.tandemInPlace] == "1" }
}

extension HTTPField.Name {
    /// Sent by a page that records in place.
    static let tandemInPlace = Self("X-Tandem-In-Place")!
    /// Where a redirect would have gone, for a page that records in place.
    static let tandemLocation = Self("X-Tandem-Location")!
    /// The sign-in page to show in place when a page's sign-in has ended.
    static let tandemSignIn = Self("X-Tandem-Sign-In")!
}
