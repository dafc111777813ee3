import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

/// A practice with a record of every kind a route can name (Maya's engagement with sessions, a marker, a step, a
/// crossing, an incident, an invitation, a signed note; her client Jordan in the portal; Ben and his client Sam; Sue,
/// who supervises Maya, and Sid, who supervises Ben), and a way to send any route of the inventory with those ids
/// filled in.
struct RouteWalk {
    enum Realm { case pages, api, portalPages, portalAPI }

    static func realm(_ path: String) -> Realm {
        if path.hasPrefix("/api/v1/portal") { return .portalAPI }
        if path.hasPrefix("/api/v1") { return .api }
        if path == "/portal" || path.hasPrefix("/portal/") { return .portalPages }
        return .pages
    }

    let b: TestClient
    /// Maya's API token, Ben's, and Sam's client token.
    let maya: String
    let ben: String
    let samToken: String
    /// The API tokens of Maya's supervisor and of Ben's.
    let sue: String
    let sid: String
    /// The owner's (Ruth's) API token.
    let owner: String
    let ids: [(String, String)]

    static func seed(_ b: TestClient, clock: TestClock) async throws -> RouteWalk {
        let (maya, e, next) = try await PortalTests.practice(b, clock: clock)
        let engagement = try #require(try await b.api(.get, "/api/v1/engagements/\(e)", token: maya).json)
        let client = try #require(engagement["clientId"] as? String)
        let screening = try #require(engagement["latestScreeningId"] as? String)
        let (done, step) = try await PortalTests.firstSessionAndStep(b, token: maya, engagement: e)
        let note = try #require(
            try await b.api(.post, "/api/v1/sessions/\(done)/note", token: maya, json: #"{"format": "BIRP"}"#).json?["id"] as? String)
        _ = try await b.api(.post, "/api/v1/notes/\(note)/sign", token: maya)
        _ = try await b.api(.post, "/api/v1/sessions/\(next)/start", token: maya)
        let marker = try #require(
            try await b.api(.post, "/api/v1/sessions/\(next)/markers", token: maya, json: #"{"kind": "insight"}"#).json?["id"] as? String)
        let today = String(ISO8601DateFormatter().string(from: clock.now).prefix(10))
        let crossing = try #require(
            try await b.api(
                .post, "/api/v1/engagements/\(e)/boundary-crossings", token: maya,
                json: #"{"date": "\#(today)", "kind": "gift", "rationale": "A card at the end of a long piece of work."}"#
            ).json?["id"] as? String)
        let incident = try #require(
            try await b.api(
                .post, "/api/v1/engagements/\(e)/boundary-incidents", token: maya,
                json: #"{"date": "\#(today)", "kind": "otherExploitation", "description": "Described for the test."}"#
            ).json?["id"] as? String)
        let invitationPath = try await PortalTests.invite(b, token: maya, engagement: e)
        let invitation = try #require(
            try await b.get("/engagements/\(e)").body.range(of: #"/invitations/[0-9a-f-]{36}/revoke"#, options: .regularExpression))
        let invitationID = String(try await b.get("/engagements/\(e)").body[invitation].dropFirst("/invitations/".count).prefix(36))
        try await b.get(invitationPath)
        _ = try await b.post(invitationPath, ["email": "jordan@example.org", "password": "a calm river at dawn"])
        b.cookies.withLock { $0 = [:] }
        _ = try await b.signIn("ben@example.org")
        let ben = try await b.createToken()
        let sam = try #require(try await b.api(.post, "/api/v1/clients", token: ben, json: #"{"displayName": "Sam Rivera"}"#).json?["id"] as? String)
        let samEngagement = try #require(
            try await b.api(.post, "/api/v1/clients/\(sam)/engagements", token: ben, json: #"{"role": "therapy", "goals": ["x"]}"#).json?["id"]
                as? String)
        let samInvite = try await PortalTests.invite(b, token: ben, engagement: samEngagement)
        let samToken = try await PortalTests.appToken(b, invitation: samInvite, email: "sam@example.org")
        try await b.addSupervisor("Sue Park", "sue@example.org", supervising: ["Maya Brooks"])
        try await b.addSupervisor("Sid Lee", "sid@example.org", supervising: ["Ben Ortiz"])
        var supervisors: [String] = []
        for email in ["sue@example.org", "sid@example.org", "ruth@example.org"] {
            _ = try await b.signIn(email)
            supervisors.append(try await b.createToken())
            b.cookies.withLock { $0 = [:] }
        }
        let ids: [(String, String)] = [
            ("/clients/", client), ("/engagements/", e), ("/sessions/", next), ("/screenings/", screening), ("/markers/", marker),
            ("/action-steps/", step), ("/boundary-crossings/", crossing), ("/boundary-incidents/", incident), ("/invitations/", invitationID),
            ("/alerts/", UUID().uuidString.lowercased()), ("/account/tokens/", UUID().uuidString.lowercased()), ("/notes/", note),
        ]
        return RouteWalk(b: b, maya: maya, ben: ben, samToken: samToken, sue: supervisors[0], sid: supervisors[1], owner: supervisors[2], ids: ids)
    }

    /// The route's path with Maya's ids in it.
    func concrete(_ path: String) -> String {
        var result = path.replacingOccurrences(of: "{instrument}", with: "phq9")
        let bare = path.replacingOccurrences(of: "/api/v1/portal", with: "").replacingOccurrences(of: "/api/v1", with: "").replacingOccurrences(
            of: "/portal", with: "")
        if let (_, id) = self.ids.first(where: { bare.hasPrefix($0.0) }) {
            result = result.replacingOccurrences(of: "{id}", with: id)
        }
        return result
    }

    /// Sends the route with an empty form or JSON object; answers the status and the redirect target.
    func send(_ route: RouteInventory.Route, token: String?) async throws -> (HTTPResponse.Status, String?) {
        let path = self.concrete(route.path)
        switch Self.realm(route.path) {
        case .api, .portalAPI:
            let answer = try await self.b.api(route.method, path, token: token, json: route.method == .get ? nil : "{}")
            return (answer.status, answer.headers[.location])
        case .pages, .portalPages:
            let page = route.method == .get ? try await self.b.get(path) : try await self.b.post(path, [:])
            return (page.status, page.location)
        }
    }
}
