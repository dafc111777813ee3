import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import TandemWeb

@Suite("The JSON API and the operations routes")
struct APITests {
    @Test("The API needs a valid bearer token")
    func authentication() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let none = try await b.api(.get, "/api/v1/clients", token: nil)
            #expect(none.status == .unauthorized)
            #expect((none.json?["error"] as? [String: Any])?["code"] as? String == "unauthenticated")
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await b.api(.get, "/api/v1/clients", token: "tdm_forged").status == .unauthorized)
            // A signed-in browser's cookie is not an API credential.
            #expect(try await b.api(.get, "/api/v1/clients", token: nil).status == .unauthorized)
            let token = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/clients", token: token).status == .ok)
            let account = try await b.get("/account")
            #expect(!account.body.contains(token), "the token is shown once only")
            let range = try #require(account.body.range(of: #"/account/tokens/[0-9a-f-]{36}/revoke"#, options: .regularExpression))
            try await b.post(String(account.body[range]), [:])
            #expect(try await b.api(.get, "/api/v1/clients", token: token).status == .unauthorized, "a revoked token stops working")
        }
    }

    @Test("API tokens expire after 90 days by default (or the chosen 30, 365, never), are listed with last use and expiry, and are revoked")
    func tokenExpiry() async throws {
        try await withApp { b, clock in
            try await b.setUp()
            try await b.get("/account")
            let made90 = try await b.post("/account/tokens", ["tokenName": "reporting"])
            let standard = try #require(made90.body.range(of: #"tdm_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(made90.body[$0]) })
            let made = try await b.post("/account/tokens", ["tokenName": "monthly report", "tokenExpiry": "30"])
            let monthly = try #require(made.body.range(of: #"tdm_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(made.body[$0]) })
            let forever = try await b.post("/account/tokens", ["tokenName": "kiosk", "tokenExpiry": "never"])
            let never = try #require(forever.body.range(of: #"tdm_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(forever.body[$0]) })
            #expect(try await b.post("/account/tokens", ["tokenName": "odd", "tokenExpiry": "7"]).status == .unprocessableContent)
            #expect(try await b.api(.get, "/api/v1/clients", token: monthly).status == .ok)
            clock.advance(minutes: 30 * 24 * 60)
            #expect(try await b.api(.get, "/api/v1/clients", token: monthly).status == .unauthorized, "30 days on, the monthly token is over")
            #expect(try await b.api(.get, "/api/v1/clients", token: standard).status == .ok)
            clock.advance(minutes: 60 * 24 * 60)
            #expect(try await b.api(.get, "/api/v1/clients", token: standard).status == .unauthorized, "90 days on, so is the default one")
            #expect(try await b.api(.get, "/api/v1/clients", token: never).status == .ok)
            _ = try await b.signIn("ruth@example.org")
            let page = try await b.get("/account")
            #expect(page.body.contains("<th scope=\"col\">Expires</th>"))
            #expect(page.body.components(separatedBy: "<td>Expired</td>").count == 3, "both ended tokens say so")
            #expect(page.body.contains("<td>never</td><td>Active</td>"), "the kiosk token never expires")
            let revoke = try #require(
                page.body.range(of: #"/account/tokens/[0-9a-f-]{36}/revoke"#, options: .regularExpression).map { String(page.body[$0]) })
            #expect(try await b.post(revoke, [:]).status == .seeOther)
            #expect(try await b.api(.get, "/api/v1/clients", token: never).status == .unauthorized)
        }
    }

    @Test("A method an address does not take answers 405 with Allow; an address that does not exist stays 404")
    func methodNotAllowed() async throws {
        try await withApp { b, _ in
            let (token, client) = try await EngagementTests.maya(b)
            let list = try await b.api(.delete, "/api/v1/clients", token: token)
            #expect(list.status == .methodNotAllowed)
            #expect(list.headers[.allow] == "GET, POST")
            #expect((list.json?["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
            let one = try await b.api(.put, "/api/v1/clients/\(client)", token: token, json: "{}")
            #expect(one.status == .methodNotAllowed)
            #expect(one.headers[.allow] == "GET, PATCH")
            let page = try await b.send("/signout", method: .get, headers: [:], body: nil)
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "POST")
            #expect(try await b.api(.get, "/api/v1/nothing-here", token: token).status == .notFound)
            #expect(try await b.api(.delete, "/api/v1/clients/\(client)/nothing", token: token).status == .notFound)
        }
    }

    @Test("Create, read, list, search and patch clients as JSON")
    func clientsCRUD() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let token = try await b.createToken()
            let created = try await b.api(
                .post, "/api/v1/clients", token: token,
                json: #"{"displayName": "Jordan Avery", "email": "J@Example.org", "dateOfBirth": "1990-04-01"}"#)
            #expect(created.status == .created)
            let client = try #require(created.json)
            let id = try #require(client["id"] as? String)
            #expect(UUID(uuidString: id) != nil)
            #expect(id == id.lowercased())
            #expect(client["email"] as? String == "j@example.org")
            #expect(client["status"] as? String == "active")
            #expect(client["phone"] is NSNull, "absent optional fields are null")
            #expect((client["createdAt"] as? String)?.hasSuffix("Z") == true, "times are ISO 8601 UTC")
            #expect(created.headers[.location] == "/api/v1/clients/\(id)")

            _ = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "Sam Rivera"}"#)
            let search = try await b.api(.get, "/api/v1/clients?q=jord", token: token)
            let items = try #require(search.json?["items"] as? [[String: Any]])
            #expect(items.map { $0["displayName"] as? String } == ["Jordan Avery"])
            #expect(search.json?["nextCursor"] is NSNull)

            let page1 = try await b.api(.get, "/api/v1/clients?limit=1", token: token)
            let cursor = try #require(page1.json?["nextCursor"] as? String)
            let page2 = try await b.api(.get, "/api/v1/clients?limit=1&cursor=\(cursor)", token: token)
            #expect((page2.json?["items"] as? [[String: Any]])?.first?["displayName"] as? String == "Sam Rivera")

            let patched = try await b.api(
                .patch, "/api/v1/clients/\(id)", token: token, json: #"{"email": null, "phone": "+1 410 555 0100", "status": "discharged"}"#)
            #expect(patched.status == .ok)
            #expect(patched.json?["email"] is NSNull)
            #expect(patched.json?["phone"] as? String == "+1 410 555 0100")
            #expect(patched.json?["status"] as? String == "discharged")
            #expect(patched.json?["displayName"] as? String == "Jordan Avery", "absent fields keep their value")
            let read = try await b.api(.get, "/api/v1/clients/\(id)", token: token)
            #expect(read.json?["status"] as? String == "discharged")
        }
    }

    @Test("Bad input: 422 naming the field, 400 for malformed JSON, 413 over 1 MiB, and no partial write")
    func badInput() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let token = try await b.createToken()
            func error(_ r: (status: HTTPResponse.Status, json: [String: Any]?, headers: HTTPFields)) -> [String: Any]? {
                r.json?["error"] as? [String: Any]
            }

            let missing = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"email": "a@b.co"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(error(missing)?["field"] as? String == "displayName")
            #expect(error(missing)?["code"] as? String == "validation_failed")
            let tooLong = try await b.api(
                .post, "/api/v1/clients", token: token, json: "{\"displayName\": \"\(String(repeating: "x", count: 201))\"}")
            #expect(error(tooLong)?["field"] as? String == "displayName")
            let wrongType = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": 42}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(error(wrongType)?["message"] as? String == "displayName must be a string.")
            let unknown = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "A", "diagnosis": "x"}"#)
            #expect(error(unknown)?["field"] as? String == "diagnosis")
            let malformed = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "#)
            #expect(malformed.status == .badRequest)
            #expect(error(malformed)?["code"] as? String == "malformed_json")
            let notObject = try await b.api(.post, "/api/v1/clients", token: token, json: "[1, 2]")
            #expect(notObject.status == .unprocessableContent)
            let huge = try await b.api(
                .post, "/api/v1/clients", token: token, json: "{\"displayName\": \"\(String(repeating: "x", count: 1_100_000))\"}")
            #expect(huge.status == .contentTooLarge)
            #expect(try await b.api(.get, "/api/v1/clients?limit=0", token: token).status == .unprocessableContent)
            #expect(try await b.api(.get, "/api/v1/clients?cursor=%21%21", token: token).status == .unprocessableContent)

            let created = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "Kept"}"#)
            let id = try #require(created.json?["id"] as? String)
            let badPatch = try await b.api(.patch, "/api/v1/clients/\(id)", token: token, json: #"{"email": "bad", "status": "discharged"}"#)
            #expect(badPatch.status == .unprocessableContent)
            #expect(error(badPatch)?["field"] as? String == "email")
            let nullStatus = try await b.api(.patch, "/api/v1/clients/\(id)", token: token, json: #"{"displayName": "Changed", "status": null}"#)
            #expect(nullStatus.status == .unprocessableContent)
            #expect(error(nullStatus)?["field"] as? String == "status", "a status of null is refused, as the document says")
            let after = try await b.api(.get, "/api/v1/clients/\(id)", token: token)
            #expect(after.json?["status"] as? String == "active", "a refused PATCH changes nothing")
            #expect(after.json?["displayName"] as? String == "Kept")
            let list = try await b.api(.get, "/api/v1/clients", token: token)
            #expect((list.json?["items"] as? [Any])?.count == 1, "none of the refused POSTs wrote anything")
        }
    }

    @Test("Request bodies decode into commands: every wrong type, unknown key and bad number names its field, at any depth")
    func commandFields() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let token = try await b.createToken()
            func refused(_ path: String, _ json: String) async throws -> (field: String?, message: String?) {
                let r = try await b.api(.post, path, token: token, json: json)
                #expect(r.status == .unprocessableContent, "\(json)")
                let error = r.json?["error"] as? [String: Any]
                return (error?["field"] as? String, error?["message"] as? String)
            }
            let client = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "Robin"}"#)
            let clientID = try #require(client.json?["id"] as? String)
            let opened = try await b.api(
                .post, "/api/v1/clients/\(clientID)/engagements", token: token,
                json: #"{"role": "therapy", "plannedSessions": 12, "goals": ["Sleep"]}"#)
            let engagement = try #require(opened.json?["id"] as? String)

            let plan = try await refused(
                "/api/v1/engagements/\(engagement)/sessions",
                #"{"scheduledAt": "2030-01-01T10:00:00Z", "lengthMinutes": 50, "plan": {"opening": 10, "middle": 30}}"#)
            #expect(plan.field == "plan.middle")
            #expect(plan.message == "plan.middle is not a field of this request.")
            let planType = try await refused(
                "/api/v1/engagements/\(engagement)/sessions", #"{"scheduledAt": "2030-01-01T10:00:00Z", "lengthMinutes": 50, "plan": [10, 30, 10]}"#)
            #expect(planType == ("plan", "plan must be an object."))
            let fraction = try await refused(
                "/api/v1/engagements/\(engagement)/sessions", #"{"scheduledAt": "2030-01-01T10:00:00Z", "lengthMinutes": 50.5}"#)
            #expect(fraction == ("lengthMinutes", "lengthMinutes must be a whole number."))
            let goals = try await refused("/api/v1/clients/\(clientID)/engagements", #"{"role": "coaching", "goals": ["Sleep", 7]}"#)
            #expect(goals == ("goals[1]", "goals[1] must be a string."))
            let flag = try await refused(
                "/api/v1/engagements/\(engagement)/boundary-crossings", #"{"date": "2026-11-01", "kind": "gift", "consultationSought": 1}"#)
            #expect(flag == ("consultationSought", "consultationSought must be true or false."))
            let answers = try await refused("/api/v1/engagements/\(engagement)/measures", #"{"instrument": "phq9", "answers": [0, 1, "two"]}"#)
            #expect(answers == ("answers[2]", "answers[2] must be a whole number."))
            let rating = try await refused("/api/v1/engagements/\(engagement)/goal-reviews", #"{"ratings": [{"goalScaleId": "x", "lvl": 1}]}"#)
            #expect(rating == ("ratings[0].lvl", "ratings[0].lvl is not a field of this request."))
            let none = try await refused("/api/v1/engagements/\(engagement)/close", #"{"now": true}"#)
            #expect(none == ("now", "now is not a field of this request."))
        }
    }

    @Test("Another practitioner's client is 404 through the API too")
    func apiIsolation() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.addPractitioner("Amy Lin", "amy@example.org")
            let ownerToken = try await b.createToken()
            let own = try await b.api(.post, "/api/v1/clients", token: ownerToken, json: #"{"displayName": "Owner's client"}"#)
            let id = try #require(own.json?["id"] as? String)
            try await b.signOut()
            _ = try await b.signIn("amy@example.org")
            let amyToken = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/clients/\(id)", token: amyToken).status == .notFound)
            #expect(try await b.api(.patch, "/api/v1/clients/\(id)", token: amyToken, json: #"{"displayName": "x"}"#).status == .notFound)
            #expect((try await b.api(.get, "/api/v1/clients", token: amyToken).json?["items"] as? [Any])?.count == 0)
        }
    }

    @Test("The OpenAPI document parses and names exactly the routes the router serves")
    func openAPI() async throws {
        try await withApp { b, _ in
            let doc = try await b.api(.get, "/api/v1/openapi.json", token: nil)
            #expect(doc.status == .ok)
            let json = try #require(doc.json)
            #expect((json["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            let collection = Set((paths["/clients"] ?? [:]).keys)
            let item = Set((paths["/clients/{id}"] ?? [:]).keys)
            #expect(collection.isSuperset(of: ["get", "post"]))
            #expect(item.isSuperset(of: ["get", "patch"]))
            // The router's own inventory, not a hand-kept list: every API route is documented, and the document
            // names no route the router does not have.
            let served = Set(
                try await Routes.all().filter { $0.path.hasPrefix("/api/v1/") && $0.path != "/api/v1/openapi.json" }
                    .map { "\($0.method.rawValue.lowercased()) \($0.path.dropFirst("/api/v1".count))" }
            )
            let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
            let documented = Set(paths.flatMap { path, operations in operations.keys.filter(methods.contains).map { "\($0) \(path)" } })
            #expect(served.count >= 56, "the inventory lists the API's routes (\(served.count))")
            for route in served.subtracting(documented).sorted() { Issue.record("served but not documented: \(route)") }
            for route in documented.subtracting(served).sorted() { Issue.record("documented but not served: \(route)") }
        }
    }

    @Test("Operations: livez, healthz, metrics; unknown routes are clean 404s")
    func operations() async throws {
        try await withApp { b, _ in
            #expect(try await b.api(.get, "/livez", token: nil).json?["status"] as? String == "ok")
            #expect(try await b.api(.get, "/healthz", token: nil).json?["status"] as? String == "ok")
            let metrics = try await b.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains(#"tandem_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
            #expect(metrics.body.contains("tandem_http_request_duration_seconds_bucket"))
            let apiMissing = try await b.api(.get, "/api/v1/nothing-here", token: nil)
            #expect(apiMissing.status == .notFound || apiMissing.status == .unauthorized)
            let pageMissing = try await b.get("/no/such/page")
            #expect(pageMissing.status == .notFound)
            #expect(pageMissing.body.contains("Page not found"))
            let wrongMethod = try await b.send("/livez", method: .delete, headers: [:], body: nil)
            #expect((400..<500).contains(wrongMethod.status.code))
        }
    }
}
