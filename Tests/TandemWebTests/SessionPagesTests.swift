import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("The session pages")
struct SessionPagesTests {
    /// Maya schedules a session from the engagement page at 14:00 of her day; answers its path.
    static func scheduled(_ b: TestClient) async throws -> (path: String, engagement: String) {
        let (_, e) = try await SessionAPITests.engagement(b)
        let page = try await b.get("/engagements/\(e)")
        #expect(page.body.contains("Schedule a session"))
        let made = try await b.post("/engagements/\(e)/sessions", ["date": "2027-01-15", "time": "14:00", "lengthMinutes": "50"])
        #expect(made.status == .seeOther)
        let path = String(try #require(made.location).prefix("/sessions/".count + 36))
        return (path, e)
    }

    @Test("A live session's page keeps the sign-in alive by heartbeat, only while the session runs and for at most 3½ hours")
    func heartbeat() async throws {
        try await withApp { b, clock in
            let (path, _) = try await Self.scheduled(b)
            let scheduled = try await b.get(path)
            #expect(!scheduled.body.contains("data-heartbeat="), "a scheduled session's page sends none")
            #expect(try await b.post(path + "/heartbeat", [:]).status == .conflict)
            #expect(try await b.post(path + "/start", [:]).status == .seeOther)
            let live = try await b.get(path)
            #expect(live.body.contains("data-heartbeat=\"\(path)/heartbeat\" data-heartbeat-seconds=\"300\""))
            // Eighty quiet minutes, only the page's heartbeat every ten: still signed in (the idle limit is 15).
            for _ in 1...8 {
                clock.advance(minutes: 10)
                #expect(try await b.post(path + "/heartbeat", [:]).status == .noContent)
            }
            #expect(try await b.get(path).status == .ok)
            // Up to 3½ hours after the start it keeps beating; then the server refuses and the idle limit applies again.
            var answers: [UInt] = []
            for _ in 1...13 {
                clock.advance(minutes: 10)
                answers.append(UInt(try await b.post(path + "/heartbeat", [:]).status.code))
            }
            #expect(answers.dropLast() == Array(repeating: 204, count: 12))
            #expect(answers.last == 409, "210 minutes after the start")
            clock.advance(minutes: 16)
            #expect(try await b.get(path).location?.contains("/signin?") == true, "signed out after the idle limit")
        }
    }

    @Test("A form sent in place is answered as a plain one, but a redirect is 204 with its address; an ended sign-in is 401 naming the sign-in page")
    func inPlace() async throws {
        try await withApp { b, clock in
            let (path, _) = try await Self.scheduled(b)
            try await b.get(path)
            #expect(try await b.post(path + "/start", [:]).status == .seeOther, "without the header, a redirect as always")
            try await b.get(path)
            let saved = try await b.post(path + "/markers", ["kind": "insight", "namedBy": "client"], inPlace: true)
            #expect(saved.status == .noContent && saved.location == nil && saved.body.isEmpty)
            #expect(saved.headers[.tandemLocation] == path + "?done=marker#markers-form")
            let refused = try await b.post(path + "/takeaways", ["takeawayText": "", "source": "client"], inPlace: true)
            #expect(refused.status == .unprocessableContent && refused.body.contains("data-in-place"), "a refusal is the page, with the problem")
            #expect(refused.body.contains(#"<div data-part="errors">"#))
            clock.advance(minutes: 16)
            let ended = try await b.post(path + "/markers", ["kind": "affect", "namedBy": "client"], inPlace: true)
            #expect(ended.status == .unauthorized)
            #expect(ended.headers[.tandemSignIn]?.hasPrefix("/signin?next=") == true, "\(ended.headers[.tandemSignIn] ?? "none")")
            #expect(ended.body.isEmpty)
        }
    }

    @Test("Irreversible actions ask once, without JavaScript too: end (saying what is missing), cancel, no-show, close the engagement")
    func confirmations() async throws {
        try await withApp { b, _ in
            let (path, e) = try await Self.scheduled(b)
            try await b.get(path)
            for (action, heading) in [("cancel", "Cancel this session with Jordan Avery?"), ("no-show", "Mark Jordan Avery as a no-show?")] {
                let asked = try await b.post(path + "/" + action, [:])
                #expect(asked.status == .ok && asked.body.contains(heading), "\(action) asks first")
                #expect(asked.body.contains(#"<button type="submit" class="danger" data-autofocus>"#))
            }
            #expect(try await b.post(path + "/start", [:]).status == .seeOther)
            let end = try await b.post(path + "/end", [:])
            #expect(end.body.contains("There is no session agreement yet."))
            #expect(end.body.contains("No takeaway has been recorded yet."))
            #expect(end.body.contains("href=\"\(path)\" class=\"cancel\">Back to the session</a>"))
            try await b.get("/engagements/\(e)")
            let close = try await b.post("/engagements/\(e)/close", [:])
            #expect(close.body.contains("Close the engagement with Jordan Avery?"))
            #expect(try await b.get("/engagements/\(e)").body.contains("Close the engagement…"), "still open after the first step")
            #expect(try await b.post("/engagements/\(e)/close", ["confirmed": "yes"]).location?.contains("done=closed") == true)
        }
    }

    @Test("A heartbeat is not activity: beats for a session that is not running keep nobody signed in")
    func heartbeatIsNotActivity() async throws {
        try await withApp { b, clock in
            let (path, _) = try await Self.scheduled(b)
            try await b.get(path)
            // Beats for a session that is not running are refused and do not count: 20 minutes on, she is signed out.
            clock.advance(minutes: 10)
            #expect(try await b.post(path + "/heartbeat", [:]).status == .conflict)
            clock.advance(minutes: 10)
            #expect(try await b.post(path + "/heartbeat", [:]).location?.hasPrefix("/signin") == true)
        }
    }

    @Test("Scheduling from the engagement page, in the practitioner's time zone; a bad time or plan is named on the form")
    func schedule() async throws {
        try await withApp { b, _ in
            _ = try await EngagementTests.maya(b)
            try await b.get("/account")
            let refused = try await b.post("/account/session-defaults", ["timeZone": "Mars/Olympus", "openingPercent": "50", "closingPercent": "20"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("Time zone must be a name such as Europe/Berlin"))
            #expect(refused.body.contains("Opening share must be a whole percentage from 5 to 40."))
            #expect(
                try await b.post("/account/session-defaults", ["timeZone": "Europe/Berlin", "openingPercent": "15", "closingPercent": "25"]).status
                    == .seeOther)
            let token = try await b.createToken()
            let client = try #require(
                (try await b.api(.get, "/api/v1/clients", token: token).json?["items"] as? [[String: Any]])?.first?["id"] as? String)
            let e = try #require(
                try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep"]}"#)
                    .json?["id"] as? String)
            try await b.get("/engagements/\(e)")
            let bad = try await b.post("/engagements/\(e)/sessions", ["date": "2027-01-15", "time": "25:00", "lengthMinutes": "50"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Give the date (YYYY-MM-DD) and the time (HH:MM) of the session."))
            let badPlan = try await b.post(
                "/engagements/\(e)/sessions",
                ["date": "2027-01-15", "time": "14:00", "lengthMinutes": "50", "opening": "10", "work": "36", "closing": "4"])
            #expect(badPlan.body.contains("The closing must be at least 5 minutes, to consolidate gains."))
            let made = try await b.post("/engagements/\(e)/sessions", ["date": "2027-01-15", "time": "14:00", "lengthMinutes": "60"])
            let path = String(try #require(made.location).prefix("/sessions/".count + 36))
            let session = try await b.api(.get, "/api/v1\(path)", token: token)
            #expect(session.json?["scheduledAt"] as? String == "2027-01-15T13:00:00Z", "14:00 in Berlin in winter")
            #expect(session.json?["plan"] as? [String: Int] == ["opening": 9, "work": 36, "closing": 15], "her own shares: 15% and 25% of 60")
            let page = try await b.get(path)
            #expect(page.body.contains("Fri 15 Jan 2027, 14:00 (Europe/Berlin), 60 minutes"))
            let today = try await b.get("/today?date=2027-01-15")
            #expect(today.body.contains("14:00"))
            #expect(today.body.contains("Jordan Avery"))
            #expect(try await b.get("/today?date=2027-01-16").body.contains("No session on this day."))
        }
    }

    @Test("The live view: the agreement rule and the permission rule are shown on the page; records appear as made")
    func live() async throws {
        try await withApp { b, clock in
            let (path, _) = try await Self.scheduled(b)
            let before = try await b.get(path)
            #expect(before.body.contains("Start the session"))
            #expect(try await b.post(path + "/start", [:]).status == .seeOther)
            let live = try await b.get(path)
            #expect(live.body.contains("data-live"))
            #expect(live.body.contains("Left in this phase"))
            #expect(live.body.contains("<kbd>1</kbd> New insight"))
            #expect(live.body.contains("Where do you want to go today?"), "the opening question is offered from the library")

            let refused = try await b.post(path + "/phase", ["phase": "work"])
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("Make the session agreement first"))
            #expect(try await b.post(path + "/phase", ["phase": "work", "skipAgreementReason": "Crisis call to handle first"]).status == .seeOther)
            clock.advance(minutes: 3)
            let marker = try await b.post(path + "/markers", ["kind": "strength", "namedBy": "client", "highlighted": "on"])
            #expect(marker.location?.hasSuffix("#markers-form") == true)
            let after = try await b.get(path)
            #expect(after.body.contains("Demonstrated strength"))
            #expect(after.body.contains("named by Client, highlighted"))
            #expect(after.body.contains("Agreement skipped: Crisis call to handle first"))
            #expect(after.body.contains("Marker recorded.") == false, "the flash belongs to the redirect, not to every later view")

            let noPermission = try await b.post(path + "/takeaways", ["takeawayText": "You held your ground", "source": "therapist"])
            #expect(noPermission.status == .unprocessableContent)
            #expect(noPermission.body.contains("Ask the client&#39;s permission before sharing your takeaway"))
            #expect(noPermission.body.contains("You held your ground"), "what was typed is kept")
            #expect(
                try await b.post(path + "/takeaways", ["takeawayText": "You held your ground", "source": "therapist", "permission-asked": "on"])
                    .status == .seeOther)
            let emptyStep = try await b.post(path + "/action-steps", ["stepText": ""])
            #expect(emptyStep.body.contains("Action step is required."))
            let asked = try await b.post(path + "/end", [:])
            #expect(asked.status == .ok)
            #expect(asked.body.contains("End the session with Jordan Avery?"))
            #expect(!asked.body.contains("No takeaway has been recorded yet."), "a takeaway is there")
            #expect(try await b.get(path).body.contains("In progress"), "the first step ends nothing")
            #expect(try await b.post(path + "/end", ["confirmed": "yes"]).status == .seeOther)
            let summary = try await b.get(path)
            #expect(summary.body.contains("Therapist-shared"))
            #expect(summary.body.contains("Add the addendum"))
            let late = try await b.post(path + "/markers", ["kind": "insight"])
            #expect(late.status == .conflict)
            #expect(late.body.contains("not in progress"))
        }
    }

    @Test("The question library page: search, and add one's own")
    func questions() async throws {
        try await withApp { b, _ in
            _ = try await EngagementTests.maya(b)
            let page = try await b.get("/questions?q=costing")
            #expect(page.body.contains("What is it costing you to stay where you are?"))
            let bad = try await b.post("/questions", ["phase": "work", "text": "Why?"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Purpose must be one of"))
            #expect(
                try await b.post("/questions", ["phase": "work", "purpose": "raiseStakes", "text": "What would 100% look like?"]).status == .seeOther)
            #expect(try await b.get("/questions?q=100%25").body.contains("What would 100% look like? <small>(yours)</small>"))
        }
    }
}
