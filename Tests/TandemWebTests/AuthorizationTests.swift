import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

/// Every kind of route, every kind of visitor: each gets exactly what it should and nothing else.
@Suite("Authorization: who may reach which route")
struct AuthorizationTests {
    enum Role: String, CaseIterable {
        case signedOut, owner, practitioner, otherPractitioner, client, otherClient
    }

    /// What a visitor gets: the page or answer, a refusal that hides the record, a refusal that admits it, or a sign-in.
    enum Outcome: Equatable {
        case ok, notFound, forbidden, signIn, portalSignIn, unauthorized, conflict
    }

    static func outcome(_ status: HTTPResponse.Status, location: String?) -> Outcome {
        switch status.code {
        case 200..<300: return .ok
        case 404: return .notFound
        case 403: return .forbidden
        case 401: return .unauthorized
        case 409: return .conflict
        case 303, 302:
            if location?.hasPrefix("/portal/signin") == true { return .portalSignIn }
            if location?.hasPrefix("/signin") == true { return .signIn }
            return .ok
        default: return .ok
        }
    }

    @Test("Pages, portal pages, the API and the portal API, for owner, practitioner, other practitioner, client, other client and signed out")
    func matrix() async throws {
        try await withApp { b, clock in
            // Maya holds Jordan's engagement; Ben holds Sam's; both clients have portal accounts and app tokens.
            let (mayaToken, e, next) = try await PortalTests.practice(b, clock: clock)
            let session = try #require(
                (try await b.api(.get, "/api/v1/engagements/\(e)/sessions", token: mayaToken).json?["items"] as? [[String: Any]])?.first?["id"]
                    as? String)
            let client = try #require(try await b.api(.get, "/api/v1/engagements/\(e)", token: mayaToken).json?["clientId"] as? String)
            let step = try #require(
                (try await b.api(.get, "/api/v1/sessions/\(session)", token: mayaToken).json?["actionSteps"] as? [[String: Any]])?.first?["id"]
                    as? String)
            let jordanInvite = try await PortalTests.invite(b, token: mayaToken, engagement: e)
            try await b.signOut()
            _ = try await b.signIn("ben@example.org")
            let benToken = try await b.createToken()
            let sam = try #require(
                try await b.api(.post, "/api/v1/clients", token: benToken, json: #"{"displayName": "Sam Rivera"}"#).json?["id"] as? String)
            let samEngagement = try #require(
                try await b.api(.post, "/api/v1/clients/\(sam)/engagements", token: benToken, json: #"{"role": "therapy", "goals": ["x"]}"#).json?[
                    "id"] as? String)
            let samInvite = try await PortalTests.invite(b, token: benToken, engagement: samEngagement)
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            let ownerToken = try await b.createToken()

            var clientTokens: [Role: String] = [:]
            for (role, path, email) in [(Role.client, jordanInvite, "jordan@example.org"), (.otherClient, samInvite, "sam@example.org")] {
                b.cookies.withLock { $0 = [:] }
                try await b.get(path)
                #expect(try await b.post(path, ["email": email, "password": "a calm river at dawn"]).status == .seeOther)
                try await b.get("/portal")
                let made = try await b.post("/portal/tokens", ["name": "phone"])
                clientTokens[role] = try #require(
                    made.body.range(of: #"tdmc_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(made.body[$0]) })
            }

            func become(_ role: Role) async throws {
                b.cookies.withLock { $0 = [:] }
                switch role {
                case .signedOut: break
                case .owner: _ = try await b.signIn("ruth@example.org")
                case .practitioner: _ = try await b.signIn("maya@example.org")
                case .otherPractitioner: _ = try await b.signIn("ben@example.org")
                case .client, .otherClient:
                    try await b.get("/portal/signin")
                    _ = try await b.post(
                        "/portal/signin", ["email": role == .client ? "jordan@example.org" : "sam@example.org", "password": "a calm river at dawn"])
                }
            }
            let apiTokens: [Role: String] = [.owner: ownerToken, .practitioner: mayaToken, .otherPractitioner: benToken].merging(clientTokens) { $1 }

            // (route, expected outcome for signedOut, owner, practitioner, otherPractitioner, client, otherClient)
            let pages: [(String, [Outcome])] = [
                ("/clients/\(client)", [.signIn, .ok, .ok, .notFound, .signIn, .signIn]),
                ("/engagements/\(e)", [.signIn, .ok, .ok, .notFound, .signIn, .signIn]),
                ("/engagements/\(e)/progress", [.signIn, .ok, .ok, .notFound, .signIn, .signIn]),
                ("/sessions/\(session)", [.signIn, .ok, .ok, .notFound, .signIn, .signIn]),
                ("/today", [.signIn, .ok, .ok, .ok, .signIn, .signIn]),
                ("/team", [.signIn, .ok, .forbidden, .forbidden, .signIn, .signIn]),
                ("/audit", [.signIn, .ok, .forbidden, .forbidden, .signIn, .signIn]),
                ("/portal", [.portalSignIn, .portalSignIn, .portalSignIn, .portalSignIn, .ok, .ok]),
                ("/portal/progress", [.portalSignIn, .portalSignIn, .portalSignIn, .portalSignIn, .ok, .notFound]),
                ("/portal/measures/phq9", [.portalSignIn, .portalSignIn, .portalSignIn, .portalSignIn, .ok, .notFound]),
            ]
            for role in Role.allCases {
                try await become(role)
                let index = Role.allCases.firstIndex(of: role)!
                for (path, expected) in pages {
                    let page = try await b.get(path)
                    #expect(Self.outcome(page.status, location: page.location) == expected[index], "GET \(path) as \(role)")
                }
                // Another client's records through the portal: not found, and nothing written.
                if role == .otherClient {
                    try await b.get("/portal")
                    #expect(try await b.post("/portal/action-steps/\(step)/check", ["status": "done"]).status == .notFound)
                    #expect(try await b.post("/portal/sessions/\(next)/intention", ["text": "Not mine"]).status == .notFound)
                }
                if role == .client {
                    try await b.get("/portal")
                    #expect(
                        try await b.post("/engagements/\(e)/measures?instrument=phq9", ["item1": "0"]).status == .seeOther,
                        "a portal cookie is sent to sign in on the practitioner side")
                }
            }

            // The practitioner starts the next session in this list, so the client's own answer to it then comes too late (409).
            let api: [(HTTPRequest.Method, String, String?, [Outcome])] = [
                (.get, "/api/v1/engagements/\(e)", nil, [.unauthorized, .ok, .ok, .notFound, .unauthorized, .unauthorized]),
                (.get, "/api/v1/sessions/\(session)", nil, [.unauthorized, .ok, .ok, .notFound, .unauthorized, .unauthorized]),
                (.get, "/api/v1/engagements/\(e)/progress", nil, [.unauthorized, .ok, .ok, .notFound, .unauthorized, .unauthorized]),
                (.post, "/api/v1/sessions/\(next)/start", nil, [.unauthorized, .forbidden, .ok, .notFound, .unauthorized, .unauthorized]),
                (.get, "/api/v1/portal/engagement", nil, [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .ok, .ok]),
                (
                    .post, "/api/v1/portal/action-steps/\(step)/check", #"{"status": "done"}"#,
                    [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .ok, .notFound]
                ),
                (
                    .put, "/api/v1/portal/sessions/\(next)/intention", #"{"text": "Too late"}"#,
                    [.unauthorized, .unauthorized, .unauthorized, .unauthorized, .conflict, .notFound]
                ),
            ]
            for (method, path, body, expected) in api {
                for (index, role) in Role.allCases.enumerated() {
                    let answer = try await b.api(method, path, token: apiTokens[role], json: body)
                    #expect(Self.outcome(answer.status, location: nil) == expected[index], "\(method) \(path) as \(role)")
                }
            }
            let mine = try await b.api(.get, "/api/v1/portal/engagement", token: clientTokens[.client])
            let theirs = try await b.api(.get, "/api/v1/portal/engagement", token: clientTokens[.otherClient])
            #expect(mine.json?["id"] as? String == e)
            #expect(theirs.json?["id"] as? String == samEngagement, "each client sees their own engagement only")
        }
    }
}

/// Every route the router knows, enumerated from the router itself, against the visitors who must not reach it.
@Suite("Authorization: every route")
struct EveryRouteAuthorizationTests {
    /// Routes anyone may reach: operations, the API description, signing in and out, set-up, invitation links.
    static let open: Set<String> = [
        "/livez", "/healthz", "/metrics", "/api/v1/openapi.json", "/setup", "/signin", "/signin/code", "/signout", "/portal/signin",
        "/portal/signout",
        "/portal/invitations/{token}",
    ]

    @Test(
        "Signed out, the wrong realm, another practitioner, another's supervisor and another client are turned away from every route; her supervisor reads as the owner does and writes only her review"
    )
    func everyRoute() async throws {
        let routes = try await Routes.all().filter { !Self.open.contains($0.path) && !$0.path.hasPrefix("/static") }
        #expect(routes.count > 120, "the inventory holds the app's routes (\(routes.count))")
        try await withApp { b, clock in
            let walk = try await RouteWalk.seed(b, clock: clock)
            let (ben, samToken) = (walk.ben, walk.samToken)

            // 1. Signed out.
            b.cookies.withLock { $0 = [:] }
            for route in routes {
                let (status, location) = try await walk.send(route, token: nil)
                switch RouteWalk.realm(route.path) {
                case .pages:
                    #expect(status == .seeOther && location?.hasPrefix("/signin") == true, "\(route.method) \(route.path) signed out: \(status)")
                case .portalPages:
                    #expect(
                        status == .seeOther && location?.hasPrefix("/portal/signin") == true, "\(route.method) \(route.path) signed out: \(status)")
                case .api, .portalAPI: #expect(status == .unauthorized, "\(route.method) \(route.path) without a token: \(status)")
                }
            }
            // 2. A client on the practitioner side, with the portal cookie and the client's app token.
            try await b.get("/portal/signin")
            _ = try await b.post("/portal/signin", ["email": "jordan@example.org", "password": "a calm river at dawn"])
            try await b.get("/portal")
            for route in routes where [.pages, .api].contains(RouteWalk.realm(route.path)) {
                let (status, location) = try await walk.send(route, token: samToken)
                if RouteWalk.realm(route.path) == .pages {
                    #expect(status == .seeOther && location?.hasPrefix("/signin") == true, "\(route.method) \(route.path) as a client: \(status)")
                } else {
                    #expect(status == .unauthorized, "\(route.method) \(route.path) with a client token: \(status)")
                }
            }
            // 3. A practitioner in the portal, with her cookie and her token.
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("ben@example.org")
            try await b.get("/clients")
            for route in routes where [.portalPages, .portalAPI].contains(RouteWalk.realm(route.path)) {
                let (status, location) = try await walk.send(route, token: ben)
                if RouteWalk.realm(route.path) == .portalPages {
                    #expect(
                        status == .seeOther && location?.hasPrefix("/portal/signin") == true,
                        "\(route.method) \(route.path) as a practitioner: \(status)")
                } else {
                    #expect(status == .unauthorized, "\(route.method) \(route.path) with a practitioner token: \(status)")
                }
            }
            // 4. Another practitioner on every route that names one of Maya's records: not found, as if it did not exist.
            let named = routes.filter { [.pages, .api].contains(RouteWalk.realm($0.path)) && $0.path.contains("{id}") }
            let portalNamed = routes.filter {
                [.portalPages, .portalAPI].contains(RouteWalk.realm($0.path)) && ($0.path.contains("{id}") || $0.path.contains("{instrument}"))
            }
            #expect(
                named.count > 70 && portalNamed.count >= 6, "\(named.count) practitioner routes and \(portalNamed.count) portal routes name a record")
            for route in named {
                try await b.get("/clients")
                let (status, _) = try await walk.send(route, token: ben)
                #expect(status == .notFound, "\(route.method) \(route.path) as another practitioner: \(status)")
            }
            // 5. A supervisor of someone else (Sid supervises Ben) on the same routes: not found, as for Ben.
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("sid@example.org")
            for route in named {
                try await b.get("/clients")
                let (status, _) = try await walk.send(route, token: walk.sid)
                #expect(status == .notFound, "\(route.method) \(route.path) as the supervisor of another practitioner: \(status)")
            }
            // 6. Maya's supervisor, Sue: every read the owner may make she may make too (never the psychotherapy note,
            // which neither reads), and no write but her review of the note.
            let reviews: Set<String> = ["/api/v1/notes/{id}/cosign", "/notes/{id}/review"]
            var supervisorReads = 0
            for route in named {
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("ruth@example.org")
                try await b.get("/clients")
                let (owner, ownerLocation) = route.method == .get ? try await walk.send(route, token: walk.owner) : (.ok, nil)
                b.cookies.withLock { $0 = [:] }
                _ = try await b.signIn("sue@example.org")
                try await b.get("/clients")
                let (status, location) = try await walk.send(route, token: walk.sue)
                if route.method == .get {
                    supervisorReads += 1
                    #expect(
                        AuthorizationTests.outcome(status, location: location) == AuthorizationTests.outcome(owner, location: ownerLocation),
                        "GET \(route.path) as Maya's supervisor: \(status), as the owner: \(owner)")
                } else if reviews.contains(route.path) {
                    #expect([.ok, .seeOther, .conflict].contains(status), "\(route.method) \(route.path), her review: \(status)")
                } else {
                    #expect([.forbidden, .notFound].contains(status), "\(route.method) \(route.path) as Maya's supervisor writes nothing: \(status)")
                }
            }
            #expect(supervisorReads > 30)
            // 7. Another client on every portal route that names one of Jordan's records or an instrument not assigned to them.
            b.cookies.withLock { $0 = [:] }
            try await b.get("/portal/signin")
            _ = try await b.post("/portal/signin", ["email": "sam@example.org", "password": "a calm river at dawn"])
            for route in portalNamed {
                try await b.get("/portal")
                let (status, _) = try await walk.send(route, token: samToken)
                #expect(status == .notFound, "\(route.method) \(route.path) as another client: \(status)")
            }
            let checks = routes.count * 4 + named.count * 3 + portalNamed.count
            print(
                "authorization walk: \(routes.count) routes; \(checks) checks (signed out, wrong realm both ways, another practitioner, the supervisor of another, Maya's supervisor beside the owner, another client)"
            )
        }
    }

    @Test("Every error-summary link of every form sent empty, or with one wrong field, targets an element that exists")
    func errorSummaryLinks() async throws {
        let routes = try await Routes.all().filter {
            $0.method == .post && RouteWalk.realm($0.path) == .pages && !["/signout", "/setup", "/signin", "/signin/code"].contains($0.path)
        }
        try await withApp { b, clock in
            let walk = try await RouteWalk.seed(b, clock: clock)
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("maya@example.org")
            var refused = 0
            var links = 0
            // Empty forms, and the forms whose errors the issue found pointing nowhere (a checkbox, a questionnaire).
            let bodies: [String: [String: String]] = [
                "/sessions/{id}/takeaways": ["takeawayText": "Kept in the client's words", "source": "therapist"],
                "/engagements/{id}/measures": ["instrument": "phq9", "answers[0]": "1", "answers[1]": "1", "answers[2]": "0"],
            ]
            for route in routes {
                for body in [[:], bodies[route.path]].compactMap({ $0 }) {
                    try await b.get("/clients")
                    let page = try await b.post(walk.concrete(route.path), body)
                    guard page.status == .unprocessableContent || page.status == .conflict else { continue }
                    refused += 1
                    for id in HostileInputTests.summaryLinks(page.body) {
                        links += 1
                        #expect(page.body.contains("id=\"\(id)\""), "\(route.path) \(body): the summary's link #\(id) has a target")
                    }
                }
            }
            #expect(refused > 15 && links > 20, "\(refused) refusals, \(links) links")
            print("error summaries: \(refused) refused forms, \(links) links, each with its target")
        }
    }

    @Test("Every form refuses a post without its CSRF token; every page carries the security headers")
    func formsAndHeaders() async throws {
        let routes = try await Routes.all().filter { !$0.path.hasPrefix("/static") }
        try await withApp { b, clock in
            let walk = try await RouteWalk.seed(b, clock: clock)
            var forms = 0
            var pages = 0
            func post(_ route: RouteInventory.Route) async throws {
                let page = try await b.post(walk.concrete(route.path), [:], csrf: false)
                forms += 1
                // Set-up, once done, refuses every post before reading it (409 already_set_up).
                let refused: [HTTPResponse.Status] = route.path == "/setup" ? [.conflict] : [.forbidden]
                #expect(refused.contains(page.status), "\(route.method) \(route.path) without a CSRF token: \(page.status)")
            }
            func headers(_ page: TestClient.Page, _ path: String) {
                pages += 1
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true, "\(path): CSP")
                #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(path): nosniff")
                #expect(page.headers[.xFrameOptions] == "DENY", "\(path): frames")
                #expect(page.headers[.referrerPolicy] == "same-origin", "\(path): referrer")
            }
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("maya@example.org")
            for route in routes where RouteWalk.realm(route.path) == .pages {
                if route.method == .post {
                    try await post(route)
                } else {
                    headers(try await b.get(walk.concrete(route.path)), route.path)
                }
            }
            b.cookies.withLock { $0 = [:] }
            try await b.get("/portal/signin")
            _ = try await b.post("/portal/signin", ["email": "jordan@example.org", "password": "a calm river at dawn"])
            for route in routes where RouteWalk.realm(route.path) == .portalPages {
                if route.method == .post {
                    try await post(route)
                } else {
                    headers(try await b.get(walk.concrete(route.path)), route.path)
                }
            }
            #expect(forms > 50 && pages > 30)
            print(
                "forms and headers: \(forms) forms refuse a post without its CSRF token; \(pages) pages carry CSP, nosniff, frame and referrer headers"
            )
        }
    }
}
