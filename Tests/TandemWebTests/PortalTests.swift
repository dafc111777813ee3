import Foundation
import Hummingbird
import HummingbirdTesting
import TandemCore
import Testing

@testable import TandemWeb

@Suite("The client portal")
struct PortalTests {
    /// Maya's coachable therapy engagement with Jordan, one completed session with an action step, the next one
    /// scheduled, PHQ-9 assigned before every session; answers the practitioner's token, the engagement, the next session.
    static func practice(_ b: TestClient, clock: TestClock) async throws -> (token: String, engagement: String, next: String) {
        let (token, e) = try await SessionAPITests.engagement(b)
        let first = try #require(
            try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-15T09:00:00Z"}"#).json?["id"]
                as? String)
        _ = try await b.api(.post, "/api/v1/sessions/\(first)/start", token: token)
        _ = try await b.api(.put, "/api/v1/sessions/\(first)/agreement", token: token, json: #"{"clientWords": "Sleep again", "focus": "Evenings"}"#)
        _ = try await b.api(
            .post, "/api/v1/sessions/\(first)/takeaways", token: token, json: #"{"text": "I can rest without earning it", "source": "client"}"#)
        _ = try await b.api(.post, "/api/v1/sessions/\(first)/action-steps", token: token, json: #"{"text": "Phone off at ten"}"#)
        clock.advance(minutes: 1)
        _ = try await b.api(.post, "/api/v1/sessions/\(first)/end", token: token)
        let next = try #require(
            try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-22T09:00:00Z"}"#).json?["id"]
                as? String)
        try await b.get("/engagements/\(e)")
        _ = try await b.post("/engagements/\(e)/portal-settings", ["every-phq9": "1", "shareProgress": "on"])
        return (token, e, next)
    }

    /// The completed first session of `practice` and its action step.
    static func firstSessionAndStep(_ b: TestClient, token: String, engagement e: String) async throws -> (session: String, step: String) {
        let done = try #require(
            (try await b.api(.get, "/api/v1/engagements/\(e)/sessions", token: token).json?["items"] as? [[String: Any]])?.first?["id"] as? String)
        let step = try #require(
            (try await b.api(.get, "/api/v1/sessions/\(done)", token: token).json?["actionSteps"] as? [[String: Any]])?.first?["id"] as? String)
        return (done, step)
    }

    /// Creates an invitation over the API and answers its path.
    static func invite(_ b: TestClient, token: String, engagement: String) async throws -> String {
        let made = try await b.api(.post, "/api/v1/engagements/\(engagement)/invitations", token: token)
        #expect(made.status == .created)
        let url = try #require(made.json?["url"] as? String)
        let start = try #require(url.range(of: "/portal/")).lowerBound
        return String(url[start...])
    }

    /// The client accepts an invitation (a browser of their own: the cookies are cleared first), signs up and makes
    /// an app token for the portal's API; answers the token.
    static func appToken(_ b: TestClient, invitation: String, email: String) async throws -> String {
        b.cookies.withLock { $0 = [:] }
        try await b.get(invitation)
        _ = try await b.post(invitation, ["email": email, "password": "a calm river at dawn"])
        try await b.get("/portal")
        let made = try await b.post("/portal/tokens", ["name": "phone"])
        return try #require(made.body.range(of: #"tdmc_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(made.body[$0]) })
    }

    @Test("Invitation, sign-up, the portal home, ticks, the answer before the session, an assigned PHQ-9; the practitioner sees it all")
    func journey() async throws {
        try await withApp { b, clock in
            let (token, e, next) = try await Self.practice(b, clock: clock)
            let path = try await Self.invite(b, token: token, engagement: e)
            try await b.signOut()

            let invitation = try await b.get(path)
            #expect(invitation.body.contains("Welcome, Jordan Avery"))
            let weak = try await b.post(path, ["email": "jordan@example.org", "password": "short"])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.body.contains("at least 12 characters"))
            let made = try await b.post(path, ["email": "Jordan@Example.org", "password": "a calm river at dawn"])
            #expect(made.status == .seeOther)
            #expect(
                made.headers[values: .setCookie].contains { $0.hasPrefix("tandem_portal=") && $0.contains("Path=/portal") },
                "the portal's own cookie scope")
            let used = try await b.get(path)
            #expect(used.status == .gone)
            #expect(used.body.contains("This invitation has already been used."))

            let home = try await b.get("/portal")
            #expect(home.body.contains("Times are in your practitioner’s local time (UTC)."), "an offset, never a zone id")
            #expect(home.body.contains("Fri 22 Jan 2027, 09:00"), "formatted for reading")
            // Once the browser has said where it is (tandem.js), the client reads times in their own zone.
            b.cookies.withLock { $0["tandem_zone"] = "Asia/Kolkata" }
            let own = try await b.get("/portal").body
            #expect(own.contains("Times are in your own time zone (UTC+5:30)."))
            #expect(own.contains("Fri 22 Jan 2027, 14:30") && !own.contains("Asia/Kolkata"), "shifted, and no zone id")
            b.cookies.withLock { $0["tandem_zone"] = "..%2F..%2Fetc" }
            #expect(try await b.get("/portal").body.contains("Times are in your practitioner’s local time (UTC)."), "a forged zone is ignored")
            b.cookies.withLock { $0["tandem_zone"] = nil }
            #expect(home.body.contains("Hello, Jordan Avery"))
            #expect(home.body.contains("I can rest without earning it"))
            #expect(home.body.contains("Phone off at ten"))
            #expect(home.body.contains("PHQ-9: Patient Health Questionnaire-9"))
            #expect(home.body.contains("See your progress"))
            let step = try #require(
                home.body.range(of: #"/portal/action-steps/[0-9a-f-]{36}/check"#, options: .regularExpression).map { String(home.body[$0]) })
            #expect(try await b.post(step, ["status": "partly", "note": "Four nights of seven"]).status == .seeOther)
            #expect(try await b.post(step, ["status": "maybe"]).status == .unprocessableContent)
            try await b.get("/portal")
            #expect(try await b.post("/portal/sessions/\(next)/intention", ["text": "I want to talk about my sister"]).status == .seeOther)
            #expect(try await b.post("/portal/measures/phq9", ["item1": "1"]).status == .unprocessableContent)
            var answers: [String: String] = [:]
            for i in 1...9 { answers["item\(i)"] = i == 9 ? "0" : "1" }
            #expect(try await b.post("/portal/measures/phq9", answers).status == .seeOther)
            let after = try await b.get("/portal")
            #expect(after.body.contains("You said: Partly, “Four nights of seven”"))
            #expect(!after.body.contains("PHQ-9: Patient Health Questionnaire-9"), "answered for this session")
            #expect(try await b.get("/portal/progress").body.contains("Your progress"))
            #expect(try await b.get("/portal/measures/gad7").status == .notFound, "only assigned questionnaires")

            // The portal cookie is no key to the practitioner side.
            let practitionerPage = try await b.get("/clients")
            #expect(practitionerPage.status == .seeOther)
            #expect(practitionerPage.location?.hasPrefix("/signin") == true)

            _ = try await b.signIn("maya@example.org")
            _ = try await b.api(.post, "/api/v1/sessions/\(next)/start", token: token)
            let live = try await b.get("/sessions/\(next)")
            #expect(live.body.contains("The client ticked in the portal: Partly, “Four nights of seven”"))
            #expect(live.body.contains("Proposed by the client in the portal: “I want to talk about my sister”"))
            let nextRecord = try #require(try await b.api(.get, "/api/v1/sessions/\(next)", token: token).json)
            #expect(nextRecord["clientIntention"] as? String == "I want to talk about my sister")
            #expect(
                ((nextRecord["actionStepsToReview"] as? [[String: Any]])?.first?["clientCheck"] as? [String: Any])?["status"] as? String == "partly")
            let measures = try #require(try await b.api(.get, "/api/v1/engagements/\(e)/measures", token: token).json?["items"] as? [[String: Any]])
            #expect(measures.last?["respondent"] as? String == "clientPortal")
        }
    }

    @Test("Links: a withdrawn or expired link says so plainly; a client already with an account gets no second invitation")
    func links() async throws {
        try await withApp { b, clock in
            let (token, e, _) = try await Self.practice(b, clock: clock)
            let first = try await Self.invite(b, token: token, engagement: e)
            let page = try await b.get("/engagements/\(e)")
            let withdraw = try #require(
                page.body.range(of: #"/invitations/[0-9a-f-]{36}/revoke"#, options: .regularExpression).map { String(page.body[$0]) })
            #expect(try await b.post(withdraw, [:]).status == .seeOther)
            #expect(try await b.get(first).body.contains("This invitation was withdrawn"))
            let second = try await Self.invite(b, token: token, engagement: e)
            clock.advance(minutes: 7 * 24 * 60 + 1)
            let expired = try await b.get(second)
            #expect(expired.status == .gone)
            #expect(expired.body.contains("This invitation has expired (links last 7 days)."))
            #expect(try await b.get("/portal/invitations/not-a-real-token").status == .notFound)
            _ = try await b.signIn("maya@example.org")
            let third = try await Self.invite(b, token: token, engagement: e)
            try await b.get(third)
            #expect(try await b.post(third, ["email": "jordan@example.org", "password": "a calm river at dawn"]).status == .seeOther)
            let again = try await b.api(.post, "/api/v1/engagements/\(e)/invitations", token: token)
            #expect((again.json?["error"] as? [String: Any])?["code"] as? String == "portal_account_exists")
        }
    }

    @Test("A PHQ-9 with item 9 above 0 answered in the portal pauses coaching and alerts the practitioner, and tells the client where to get help")
    func portalRisk() async throws {
        try await withApp { b, clock in
            let (token, e, _) = try await Self.practice(b, clock: clock)
            let path = try await Self.invite(b, token: token, engagement: e)
            try await b.get(path)
            #expect(try await b.post(path, ["email": "jordan@example.org", "password": "a calm river at dawn"]).status == .seeOther)
            try await b.get("/portal")
            var answers: [String: String] = [:]
            for i in 1...9 { answers["item\(i)"] = i == 9 ? "2" : "1" }
            let sent = try await b.post("/portal/measures/phq9", answers)
            #expect(sent.location == "/portal?done=support")
            #expect(try await b.get(try #require(sent.location)).body.contains("call your local emergency number"))
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["coaching"] as? String == "paused")
            #expect((try await b.api(.get, "/api/v1/alerts", token: token).json?["items"] as? [[String: Any]])?.first?["kind"] as? String == "safety")

            // The risk message stands apart from a confirmation, with the practice's own crisis text once the owner sets it.
            let standard = try await b.get("/portal?done=support").body
            #expect(standard.contains(#"<div class="crisis" role="alert""#))
            #expect(!(try await b.get("/portal?done=answered").body.contains(#"class="crisis""#)), "an ordinary answer shows no crisis text")
            try await b.get("/team")
            #expect(try await b.post("/team/crisis-text", ["crisisText": "Call the practice line"]).status == .forbidden, "only the owner sets it")
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            try await b.get("/team")
            let tooLong = try await b.post("/team/crisis-text", ["crisisText": String(repeating: "x", count: 1001)])
            #expect(tooLong.status == .unprocessableContent && tooLong.body.contains(##"href="#crisisText""##))
            let own = "Ring Dr Ruth Mensah on 020 7946 0000, or the Samaritans on 116 123, day or night."
            #expect(try await b.post("/team/crisis-text", ["crisisText": own]).status == .seeOther)
            let shown = try await b.get("/portal?done=support").body
            #expect(shown.contains("Ring Dr Ruth Mensah on 020 7946 0000"))
            #expect(!shown.contains("call your local emergency number"), "the practice's own text replaces the default")
            try await b.get("/team")
            let cleared = try await b.post("/team/crisis-text", ["crisisText": ""])
            #expect(cleared.status == .seeOther, "\(cleared.status) \(cleared.body.prefix(300))")
            #expect(try await b.get("/portal?done=support").body.contains("call your local emergency number"), "empty: the default again")
        }
    }

    @Test("A client account cannot sign in to the practitioner side; the portal session ends after 20 idle minutes")
    func separateSignIn() async throws {
        try await withApp { b, clock in
            let (token, e, _) = try await Self.practice(b, clock: clock)
            let path = try await Self.invite(b, token: token, engagement: e)
            try await b.signOut()
            try await b.get(path)
            _ = try await b.post(path, ["email": "jordan@example.org", "password": "a calm river at dawn"])
            let practitionerSide = try await b.signIn("jordan@example.org")
            #expect(practitionerSide.status == .unauthorized)
            #expect(try await b.get("/portal").status == .ok, "the portal session is untouched")
            clock.advance(minutes: 21)
            let idle = try await b.get("/portal")
            #expect(idle.location == "/portal/signin?expired=1")
            try await b.get("/portal/signin")
            #expect(try await b.post("/portal/signin", ["email": "jordan@example.org", "password": "a calm river at dawn"]).location == "/portal")
            b.cookies.withLock { $0["tandem_portal"] = nil }
            try await b.get("/portal/signin")
            #expect(
                try await b.post("/portal/signin", ["email": "maya@example.org", "password": "a calm river at dawn"]).status == .unauthorized,
                "nor a practitioner into the portal")
        }
    }
}

@Suite("Times for people")
struct ClientTimeTests {
    @Test("A client is shown the offset of the practitioner's zone, never its id")
    func offsets() {
        let day = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15
        #expect(Formats.offset(TimeZone(identifier: "America/New_York")!, at: day) == "UTC−5")
        #expect(Formats.offset(TimeZone(identifier: "Asia/Kolkata")!, at: day) == "UTC+5:30")
        #expect(Formats.offset(TimeZone(identifier: "UTC")!, at: day) == "UTC")
    }

    @Test("Times read as people write them, in the viewer's zone, the weekday right on every day of four years")
    func reading() {
        let utc = TimeZone(identifier: "UTC")!
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let instant = Date(timeIntervalSince1970: 1_796_134_500)  // 2026-12-01T14:15:00Z
        #expect(Formats.dateTime(instant, in: utc) == "Tue 1 Dec 2026, 14:15")
        #expect(Formats.dateTime(instant, in: berlin) == "Tue 1 Dec 2026, 15:15")
        #expect(Formats.dateTime(instant.addingTimeInterval(10 * 3600), in: berlin) == "Wed 2 Dec 2026, 01:15", "the viewer's day")
        #expect(Formats.preciseDateTime(instant.addingTimeInterval(7), in: utc) == "Tue 1 Dec 2026, 14:15:07")
        #expect(Formats.date(LocalDate("2028-02-29")!) == "Tue 29 Feb 2028")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        for n in 0..<(4 * 366) {
            let date = instant.addingTimeInterval(Double(n) * 86_400)
            let weekday = calendar.component(.weekday, from: date) - 1
            #expect(Formats.date(date, in: utc).hasPrefix(Formats.weekdays[weekday]), "\(date)")
            #expect(LocalDate(date).daysSince1970 == Int(date.timeIntervalSince1970 / 86_400))
        }
    }
}
