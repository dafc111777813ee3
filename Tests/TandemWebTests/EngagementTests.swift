import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Engagements, screening, role separation and boundaries over HTTP")
struct EngagementTests {
    static let coachable =
        #"{"stability": "yes", "functioning": "yes", "followThrough": "yes", "readiness": "action", "importance": 8, "confidence": 7, "directivePreference": "yes", "safetyFlags": []}"#
    static let withCare =
        #"{"stability": "yes", "functioning": "partly", "followThrough": "yes", "readiness": "action", "importance": 8, "confidence": 7, "directivePreference": "yes"}"#
    static let crisis =
        #"{"stability": "yes", "functioning": "yes", "followThrough": "yes", "readiness": "action", "importance": 8, "confidence": 7, "directivePreference": "yes", "safetyFlags": ["crisis"]}"#

    /// The practice with Maya (a therapist, signed in, with a token) and her client; answers the token and client id.
    static func maya(_ b: TestClient) async throws -> (token: String, client: String) {
        try await b.setUp()
        try await b.addPractitioner("Maya Brooks", "maya@example.org")
        try await b.addPractitioner("Ben Ortiz", "ben@example.org")
        try await b.signOut()
        _ = try await b.signIn("maya@example.org")
        let client = try await b.addClient("Jordan Avery")
        return (try await b.createToken(), client)
    }

    static func error(_ answer: (status: HTTPResponse.Status, json: [String: Any]?, headers: HTTPFields)) -> (
        code: String?, message: String?, field: String?
    ) {
        let error = answer.json?["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String, error?["field"] as? String)
    }

    @Test("Open a therapy engagement; the other role is refused with an explanation; coaching needs a credential")
    func roleSeparation() async throws {
        try await withApp { b, _ in
            let (token, client) = try await Self.maya(b)
            let opened = try await b.api(
                .post, "/api/v1/clients/\(client)/engagements", token: token,
                json: #"{"role": "therapy", "plannedSessions": 10, "goals": ["Sleep through the night"], "startDate": "2027-01-04"}"#)
            #expect(opened.status == .created)
            let e = try #require(opened.json)
            #expect(e["role"] as? String == "therapy")
            #expect(e["status"] as? String == "open")
            #expect(e["coaching"] as? String == "notScreened")
            #expect(e["coachingToolsAvailable"] as? Bool == false)
            #expect(e["clientId"] as? String == client)
            #expect(e["plannedSessions"] as? Int == 10)
            #expect(e["reviewDate"] as? String == "2027-03-15", "one week per planned session after the start")
            #expect(e["goals"] as? [String] == ["Sleep through the night"])

            let refused = try await b.api(
                .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "coaching", "goals": ["Find a new job"]}"#)
            #expect(refused.status == .conflict)
            #expect(Self.error(refused).code == "role_separation")
            #expect(
                Self.error(refused).message
                    == "Maya Brooks is this client's therapist; the roles of therapist and coach are kept separate, even after a break. Refer the client to another coach."
            )

            let other = try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "Sam Rivera"}"#)
            let sam = try #require(other.json?["id"] as? String)
            let noCredential = try await b.api(
                .post, "/api/v1/clients/\(sam)/engagements", token: token, json: #"{"role": "coaching", "goals": ["Lead the team"]}"#)
            #expect(noCredential.status == .conflict)
            #expect(Self.error(noCredential).code == "no_coaching_credential")

            try await b.get("/account")
            let saved = try await b.post("/account/profile", ["licence": "LCSW 1, Maryland", "ethicsCode": "NASW", "coachingCredential": "ICF PCC"])
            #expect(saved.status == .seeOther)
            #expect(
                try await b.api(.post, "/api/v1/clients/\(sam)/engagements", token: token, json: #"{"role": "coaching", "goals": ["Lead the team"]}"#)
                    .status == .created)
            #expect(
                try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "coaching", "goals": ["x"]}"#).status
                    == .conflict, "a credential never lifts role separation")

            let invalid = try await b.api(
                .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "mentoring", "plannedSessions": 60, "goals": []}"#)
            #expect(invalid.status == .unprocessableContent)
            let details = try #require((invalid.json?["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(Set(details.compactMap { $0["field"] as? String }) == ["role", "plannedSessions", "goals"])
            #expect(
                try await b.api(
                    .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["a"], "colour": "blue"}"#
                ).status == .unprocessableContent)
        }
    }

    @Test("A re-screen falls due 90 days after the last screening, on the app's clock")
    func rescreenByDays() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["rescreenDue"] as? Bool == false)
            clock.advance(minutes: 89 * 24 * 60)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["rescreenDue"] as? Bool == false)
            clock.advance(minutes: 2 * 24 * 60)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["rescreenDue"] as? Bool == true)
        }
    }

    @Test("Closing an engagement lets the same role start again; the list shows both")
    func sameRoleAgain() async throws {
        try await withApp { b, _ in
            let (token, client) = try await Self.maya(b)
            let first = try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["One"]}"#)
            let id = try #require(first.json?["id"] as? String)
            #expect(
                Self.error(
                    try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Two"]}"#)
                ).code == "engagement_open")
            let closed = try await b.api(.post, "/api/v1/engagements/\(id)/close", token: token)
            #expect(closed.status == .ok)
            #expect(closed.json?["status"] as? String == "closed")
            #expect(
                Self.error(try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.coachable)).code
                    == "engagement_closed")
            #expect(
                try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Two"]}"#).status
                    == .created)
            let list = try await b.api(.get, "/api/v1/clients/\(client)/engagements", token: token)
            #expect((list.json?["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("Screening decides the coaching state; a safety flag is never overridable; with care can be overridden once")
    func screeningAndGating() async throws {
        try await withApp { b, clock in
            let (token, client) = try await Self.maya(b)
            let e = try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
            let id = try #require(e.json?["id"] as? String)

            let s1 = try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.coachable)
            #expect(s1.status == .created)
            #expect(s1.json?["result"] as? String == "coachable")
            #expect((s1.json?["reasons"] as? [String])?.isEmpty == false)
            let screened = try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json
            #expect(screened?["coaching"] as? String == "consentNeeded" && screened?["coachingMissing"] as? [String] == ["consent"])
            #expect(try await b.api(.post, "/api/v1/engagements/\(id)/consent", token: token, json: #"{"method": "inRoom"}"#).status == .created)
            #expect(try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json?["coachingToolsAvailable"] as? Bool == true)

            clock.advance(minutes: 1)
            let s2 = try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.crisis)
            #expect(s2.json?["result"] as? String == "notNow")
            #expect(s2.json?["reasons"] as? [String] == ["Safety flag: Current crisis."])
            let engagement = try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json
            #expect(engagement?["coaching"] as? String == "notNow")
            #expect(engagement?["coachingToolsAvailable"] as? Bool == false)
            let s2id = try #require(s2.json?["id"] as? String)
            let refused = try await b.api(
                .post, "/api/v1/screenings/\(s2id)/override", token: token,
                json: #"{"result": "coachable", "reason": "She says she is fine now, really."}"#)
            #expect(refused.status == .conflict)
            #expect(Self.error(refused).code == "override_refused")

            clock.advance(minutes: 1)
            let s3 = try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.withCare)
            #expect(s3.json?["result"] as? String == "coachableWithCare")
            let s3id = try #require(s3.json?["id"] as? String)
            let short = try await b.api(
                .post, "/api/v1/screenings/\(s3id)/override", token: token, json: #"{"result": "notNow", "reason": "Tired."}"#)
            #expect(short.status == .unprocessableContent)
            #expect(Self.error(short).field == "reason")
            let overridden = try await b.api(
                .post, "/api/v1/screenings/\(s3id)/override", token: token,
                json: #"{"result": "notNow", "reason": "Functioning dipped since the move; wait a month."}"#)
            #expect(overridden.status == .ok)
            #expect(overridden.json?["result"] as? String == "notNow")
            #expect(overridden.json?["computedResult"] as? String == "coachableWithCare")
            #expect(try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json?["coaching"] as? String == "notNow")

            let history = try await b.api(.get, "/api/v1/engagements/\(id)/screenings", token: token)
            #expect(
                (history.json?["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    s3id, s2id, try #require(s1.json?["id"] as? String),
                ])

            let bad = try await b.api(
                .post, "/api/v1/engagements/\(id)/screenings", token: token,
                json: #"{"stability": "maybe", "importance": 11, "confidence": "7", "safetyFlags": ["bogus"]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Self.error(bad).field == "confidence", "a number sent as a string is a type error, named")

            let paused = try await b.api(.post, "/api/v1/engagements/\(id)/pause", token: token, json: #"{"reason": "Client asked to slow down."}"#)
            #expect(paused.json?["coaching"] as? String == "paused")
            #expect(paused.json?["pausedReason"] as? String == "Client asked to slow down.")
            clock.advance(minutes: 1)
            _ = try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.coachable)
            #expect(
                try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json?["coaching"] as? String == "coachable",
                "a new screening ends the pause")
        }
    }

    @Test("Boundary crossings need a rationale; an incident flags the engagement and reaches the owner's dashboard")
    func boundaries() async throws {
        try await withApp { b, clock in
            let (token, client) = try await Self.maya(b)
            let e = try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
            let id = try #require(e.json?["id"] as? String)
            let today = String(ISO8601DateFormatter().string(from: clock.now).prefix(10))

            let short = try await b.api(
                .post, "/api/v1/engagements/\(id)/boundary-crossings", token: token,
                json: #"{"date": "\#(today)", "kind": "gift", "rationale": "It was kind.", "consultationSought": false}"#)
            #expect(short.status == .unprocessableContent)
            #expect(Self.error(short).field == "rationale")
            #expect(Self.error(short).message == "Clinical rationale must be at least 20 characters.")
            let violation = try await b.api(
                .post, "/api/v1/engagements/\(id)/boundary-crossings", token: token,
                json: #"{"date": "\#(today)", "kind": "sexualContact", "rationale": "Never clinically indicated, ever.", "consultationSought": true}"#
            )
            #expect(Self.error(violation).field == "kind")

            let crossing = try await b.api(
                .post, "/api/v1/engagements/\(id)/boundary-crossings", token: token,
                json:
                    #"{"date": "\#(today)", "kind": "gift", "rationale": "A small card at termination; refusing would shame.", "clientResponse": "Smiled.", "consultationSought": false}"#
            )
            #expect(crossing.status == .created)
            let crossingID = try #require(crossing.json?["id"] as? String)
            let addendum = try await b.api(
                .post, "/api/v1/boundary-crossings/\(crossingID)/addenda", token: token, json: #"{"text": "The card held a voucher; returned it."}"#)
            #expect(addendum.status == .created)
            let crossings = try await b.api(.get, "/api/v1/engagements/\(id)/boundary-crossings", token: token)
            let first = try #require((crossings.json?["items"] as? [[String: Any]])?.first)
            #expect(first["rationale"] as? String == "A small card at termination; refusing would shame.", "the original stays")
            #expect((first["addenda"] as? [[String: Any]])?.count == 1)

            let incident = try await b.api(
                .post, "/api/v1/engagements/\(id)/boundary-incidents", token: token,
                json: #"{"date": "\#(today)", "kind": "financialExploitation", "description": "Borrowed money from the client."}"#)
            #expect(incident.status == .created)
            #expect(try await b.api(.get, "/api/v1/engagements/\(id)", token: token).json?["needsReview"] as? Bool == true)
            #expect(
                (try await b.api(.get, "/api/v1/alerts", token: token).json?["items"] as? [Any])?.isEmpty == true,
                "the owner is told, not the practitioner")

            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            let ownerToken = try await b.createToken()
            let alerts = try await b.api(.get, "/api/v1/alerts", token: ownerToken)
            let alert = try #require((alerts.json?["items"] as? [[String: Any]])?.first)
            #expect(alert["kind"] as? String == "boundaryIncident")
            #expect(alert["engagementId"] as? String == id)
            let dashboard = try await b.get("/alerts")
            #expect(dashboard.body.contains("Boundary incident"))
            #expect(dashboard.body.contains("Jordan Avery"))
            #expect(dashboard.body.contains("Alerts (1)"), "the navigation counts what waits")
            let resolve = try #require(dashboard.body.range(of: #"/alerts/[0-9a-f-]{36}/resolve"#, options: .regularExpression))
            let path = String(dashboard.body[resolve])
            let field = "note-" + path.split(separator: "/")[1]
            #expect(dashboard.body.contains(#"<textarea id="\#(field)" name="\#(field)""#), "each card's note is its own field")
            let unnoted = try await b.post(path, [:])
            #expect(unnoted.status == .unprocessableContent && unnoted.body.contains("What you did is required."))
            #expect(unnoted.body.contains(##"href="#\##(field)""##), "the summary links to this card's note")
            try await b.get("/alerts")
            #expect(try await b.post(path, [field: "Consulted; apology made"]).status == .seeOther)
            #expect(try await b.get("/alerts").body.contains("Nothing needs your review."))
        }
    }

    @Test("Who may see and write an engagement: holder writes, owner reads, another practitioner gets 404; all audited")
    func access() async throws {
        try await withApp { b, _ in
            let (token, client) = try await Self.maya(b)
            let e = try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
            let id = try #require(e.json?["id"] as? String)
            try await b.signOut()

            _ = try await b.signIn("ben@example.org")
            let benToken = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/engagements/\(id)", token: benToken).status == .notFound)
            #expect(try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: benToken, json: Self.coachable).status == .notFound)
            #expect(try await b.get("/engagements/\(id)").status == .notFound)
            #expect(
                try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: benToken, json: #"{"role": "therapy", "goals": ["x"]}"#).status
                    == .notFound)
            try await b.signOut()

            _ = try await b.signIn("ruth@example.org")
            let ownerToken = try await b.createToken()
            let read = try await b.api(.get, "/api/v1/engagements/\(id)", token: ownerToken)
            #expect(read.status == .ok)
            #expect(read.json?["canRecord"] as? Bool == false)
            let write = try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: ownerToken, json: Self.coachable)
            #expect(write.status == .forbidden)
            let page = try await b.get("/engagements/\(id)")
            #expect(page.body.contains("Only Maya Brooks, who holds this engagement, can record in it."))
            #expect(!page.body.contains("Record a boundary crossing"))
            let audit = try await b.get("/audit")
            #expect(audit.body.contains("engagement.view"))
            #expect(audit.body.contains("denied"))
        }
    }

    @Test("Pages: open an engagement, see the refusal on the form, screen, read the result, record a crossing")
    func pages() async throws {
        try await withApp { b, clock in
            let (_, client) = try await Self.maya(b)
            let record = try await b.get("/clients/\(client)")
            #expect(record.body.contains("No engagement yet."))
            #expect(record.body.contains("/clients/\(client)/engagements/new"))
            try await b.get("/clients/\(client)/engagements/new")
            let empty = try await b.post("/clients/\(client)/engagements", ["role": "therapy", "plannedSessions": "12"])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains("Write at least one goal, in the client&#39;s own words."))
            let opened = try await b.post(
                "/clients/\(client)/engagements", ["role": "therapy", "plannedSessions": "12", "goal1": "Sleep through the night"])
            #expect(opened.status == .seeOther)
            let engagementPath = String(try #require(opened.location).prefix("/engagements/".count + 36))
            let page = try await b.get(engagementPath)
            #expect(page.body.contains("Coaching edge: Not screened"))
            #expect(page.body.contains("Sleep through the night"))

            try await b.get("/clients/\(client)/engagements/new")
            let refused = try await b.post("/clients/\(client)/engagements", ["role": "coaching", "plannedSessions": "12", "goal1": "New job"])
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("Maya Brooks is this client&#39;s therapist; the roles of therapist and coach are kept separate"))

            try await b.get(engagementPath + "/screenings/new")
            let incomplete = try await b.post(engagementPath + "/screenings", ["stability": "yes"])
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.body.contains("Readiness for change: choose one of"))
            let screened = try await b.post(
                engagementPath + "/screenings",
                [
                    "stability": "yes", "functioning": "yes", "followThrough": "partly", "readiness": "action", "importance": "8", "confidence": "5",
                    "directivePreference": "yes",
                ])
            #expect(screened.status == .seeOther)
            let result = try await b.get(try #require(screened.location))
            #expect(result.body.contains("Result: Coachable, with care"))
            #expect(result.body.contains("Capacity to act between sessions: partly."))
            #expect(result.body.contains("Override this result"))
            clock.advance(minutes: 1)
            let flagged = try await b.post(
                engagementPath + "/screenings",
                [
                    "stability": "yes", "functioning": "yes", "followThrough": "yes", "readiness": "action", "importance": "8", "confidence": "5",
                    "directivePreference": "yes", "safetyFlags-acuteRisk": "on",
                ])
            let flaggedPage = try await b.get(try #require(flagged.location))
            #expect(flaggedPage.body.contains("Safety flag: Acute suicide risk."))
            #expect(!flaggedPage.body.contains("Override this result"))
            #expect(try await b.get(engagementPath).body.contains("Coaching edge: Not now"))

            let today = String(ISO8601DateFormatter().string(from: clock.now).prefix(10))
            try await b.get(engagementPath + "/boundary-crossings/new")
            let shortRationale = try await b.post(
                engagementPath + "/boundary-crossings",
                ["date": today, "kind": "selfDisclosure", "rationale": "Felt right.", "consultationSought": "no"])
            #expect(shortRationale.status == .unprocessableContent)
            #expect(shortRationale.body.contains("Clinical rationale must be at least 20 characters."))
            let crossing = try await b.post(
                engagementPath + "/boundary-crossings",
                [
                    "date": today, "kind": "selfDisclosure", "rationale": "Shared that I too moved countries, to normalise the grief.",
                    "consultationSought": "yes",
                ])
            #expect(crossing.status == .seeOther)
            let timeline = try await b.get(engagementPath)
            #expect(timeline.body.contains("Boundary crossing"))
            #expect(timeline.body.contains("Shared that I too moved countries, to normalise the grief."))
        }
    }

    @Test("A colleague may take the other role: he finds it under Engagements and records in it; the client's therapist reads it")
    func colleagueHoldsTheOtherRole() async throws {
        try await withApp { b, _ in
            let (token, client) = try await Self.maya(b)
            _ = try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
            try await b.signOut()
            _ = try await b.signIn("ben@example.org")
            try await b.get("/account")
            try await b.post("/account/profile", ["coachingCredential": "ICF PCC"])
            let accounts = try await b.get("/engagements")
            #expect(accounts.body.contains("You hold no engagement yet."))
            try await b.signOut()

            _ = try await b.signIn("maya@example.org")
            let form = try await b.get("/clients/\(client)/engagements/new")
            let benID = try #require(
                form.body.range(of: #"value="([0-9a-f-]{36})"> Ben Ortiz"#, options: .regularExpression).map {
                    String(form.body[$0].dropFirst(7).prefix(36))
                })
            let opened = try await b.api(
                .post, "/api/v1/clients/\(client)/engagements", token: token,
                json: #"{"role": "coaching", "goals": ["Lead the team"], "practitionerId": "\#(benID)"}"#)
            #expect(opened.status == .created)
            #expect(opened.json?["practitionerName"] as? String == "Ben Ortiz")
            #expect(opened.json?["canRecord"] as? Bool == false, "Maya opened it for Ben; only Ben records in it")
            let id = try #require(opened.json?["id"] as? String)
            #expect(try await b.api(.post, "/api/v1/engagements/\(id)/screenings", token: token, json: Self.coachable).status == .forbidden)
            try await b.signOut()

            _ = try await b.signIn("ben@example.org")
            let list = try await b.get("/engagements")
            #expect(list.body.contains("Jordan Avery"))
            #expect(list.body.contains("/engagements/\(id)"))
            let page = try await b.get("/engagements/\(id)")
            #expect(page.body.contains("Coaching with Jordan Avery"))
            #expect(page.body.contains("Screen for coachability"))
            #expect(!page.body.contains("/clients/\(client)\""), "Ben cannot open Maya's client record, so the page does not link to it")
        }
    }

    @Test("A discharged client gets no new engagement until reopened")
    func dischargedClient() async throws {
        try await withApp { b, _ in
            let (token, client) = try await Self.maya(b)
            _ = try await b.api(.patch, "/api/v1/clients/\(client)", token: token, json: #"{"status": "discharged"}"#)
            let refused = try await b.api(
                .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
            #expect(refused.status == .conflict)
            #expect(Self.error(refused).code == "client_discharged")
            #expect(!(try await b.get("/clients/\(client)").body.contains("Open an engagement")))
        }
    }
}
