import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Consent to the coaching edge")
struct ConsentTests {
    @Test("Gating: screened coachable but no consent answers consent_needed; the screening speaks first; consent can be recorded any time")
    func gating() async throws {
        try await withApp { b, _ in
            let (token, client) = try await EngagementTests.maya(b)
            let e = try #require(
                try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
                    .json?[
                        "id"] as? String)
            let before = try #require(try await b.api(.get, "/api/v1/engagements/\(e)/consent", token: token).json)
            #expect(before["status"] as? String == "none" && before["missing"] as? [String] == ["screening", "consent"])
            #expect(before["textVersion"] as? Int == 1 && (before["text"] as? String)?.hasPrefix("Therapy with a coaching edge.") == true)
            // Consent first, then a screening that says not now: still not coachable.
            let wrong = try await b.api(.post, "/api/v1/engagements/\(e)/consent", token: token, json: #"{"method": "portal"}"#)
            #expect(wrong.status == .unprocessableContent && SessionAPITests.error(wrong).field == "method")
            #expect(try await b.api(.post, "/api/v1/engagements/\(e)/consent", token: token, json: #"{"method": "inRoom"}"#).status == .created)
            _ = try await b.api(.post, "/api/v1/engagements/\(e)/screenings", token: token, json: EngagementTests.crisis)
            let s = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-15T09:00:00Z"}"#)
                    .json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            let notNow = try await b.api(.post, "/api/v1/sessions/\(s)/action-steps", token: token, json: #"{"text": "Walk"}"#)
            #expect(SessionAPITests.error(notNow).code == "not_coachable", "the screening speaks first, consent or not")

            // A second engagement, screened coachable, without consent.
            let other = try await b.addClient("Sam Reyes")
            let f = try #require(
                try await b.api(.post, "/api/v1/clients/\(other)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Calm"]}"#).json?[
                    "id"] as? String)
            _ = try await b.api(.post, "/api/v1/engagements/\(f)/screenings", token: token, json: EngagementTests.coachable)
            #expect(try await b.api(.get, "/api/v1/engagements/\(f)", token: token).json?["coaching"] as? String == "consentNeeded")
            let t = try #require(
                try await b.api(.post, "/api/v1/engagements/\(f)/sessions", token: token, json: #"{"scheduledAt": "2027-01-16T09:00:00Z"}"#)
                    .json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(t)/start", token: token)
            let refused = try await b.api(.post, "/api/v1/sessions/\(t)/action-steps", token: token, json: #"{"text": "Walk"}"#)
            #expect(refused.status == .conflict && SessionAPITests.error(refused).code == "consent_needed")
            let page = try await b.get("/engagements/\(f)").body
            #expect(page.contains("Coaching edge: Consent needed") && page.contains("Record consent given in the room"))
            #expect(try await b.post("/engagements/\(f)/consent", [:]).status == .seeOther)
            let given = try await b.get("/engagements/\(f)").body
            #expect(given.contains("Consent to the coaching edge: given in the room, recorded by the practitioner on"))
            #expect(!given.contains("Record consent given in the room"))
            #expect(try await b.api(.post, "/api/v1/sessions/\(t)/action-steps", token: token, json: #"{"text": "Walk"}"#).status == .created)
        }
    }

    @Test("In the portal: the client agrees with their typed name and can withdraw, which pauses the tools at once and shows the practitioner")
    func portal() async throws {
        try await withApp { b, _ in
            let (token, e) = try await SessionAPITests.engagement(b)
            let invitation = try await PortalTests.invite(b, token: token, engagement: e)
            try await b.signOut()
            try await b.get(invitation)
            _ = try await b.post(invitation, ["email": "jordan@example.org", "password": "a calm river at dawn"])
            let home = try await b.get("/portal").body
            #expect(home.contains("You agreed on") && home.contains("Withdraw my consent"), "consent given in the room shows as agreed")
            #expect(try await b.post("/portal/consent/withdraw", [:]).location == "/portal?done=withdrawn#consent")
            let withdrawn = try await b.get("/portal?done=withdrawn").body
            #expect(withdrawn.contains("Therapy with a coaching edge.") && withdrawn.contains("I agree"), "the text to agree to again")
            let empty = try await b.post("/portal/consent", ["typedName": ""])
            #expect(empty.status == .unprocessableContent && empty.body.contains(##"href="#typedName""##))
            b.cookies.withLock { $0["tandem_session"] = nil }
            _ = try await b.signIn("maya@example.org")
            let state = try #require(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json)
            #expect(state["coaching"] as? String == "consentNeeded")
            #expect((state["consent"] as? [String: Any])?["withdrawnAt"] is String)
            #expect(try await b.get("/engagements/\(e)").body.contains("withdrawn by the client on"), "the engagement page says so")
            let alerts = try #require(try await b.api(.get, "/api/v1/alerts", token: token).json?["items"] as? [[String: Any]])
            #expect(alerts.map { $0["kind"] as? String } == ["consentWithdrawn"], "and her dashboard tells her")
            #expect(try await b.get("/today").body.contains("The client withdrew their consent to the coaching edge in the portal"))

            // The owner writes a new version; the client agrees to it.
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/team")
            #expect(
                try await b.post("/team/consent-text", ["consentText": "Our coaching edge: directive, short-term, your choice."]).status == .seeOther)
            try await b.signOut()
            _ = try await b.signIn("maya@example.org")
            try await b.get("/team")
            #expect(try await b.post("/team/consent-text", ["consentText": "Mine"]).status == .forbidden)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)/consent", token: token).json?["textVersion"] as? Int == 2)
            b.cookies.withLock { $0["tandem_session"] = nil }
            try await b.get("/portal/signin")
            _ = try await b.post("/portal/signin", ["email": "jordan@example.org", "password": "a calm river at dawn"])
            #expect(try await b.get("/portal").body.contains("Our coaching edge: directive, short-term, your choice."))
            #expect(try await b.post("/portal/consent", ["typedName": "Jordan Avery"]).location == "/portal?done=consented#consent")
            _ = try await b.signIn("maya@example.org")
            let again = try #require(try await b.api(.get, "/api/v1/engagements/\(e)/consent", token: token).json)
            #expect(again["status"] as? String == "given" && (again["consent"] as? [String: Any])?["version"] as? Int == 2)
            #expect((again["consent"] as? [String: Any])?["method"] as? String == "portal")
        }
    }
}
