import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("How far did we get? (the 0–10 partnership check)")
struct HowFarTests {
    @Test("Said in the room while the session runs, 0 to 10 only; in the session JSON, the progress JSON and the CSV")
    func inTheRoom() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            let s = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-15T09:00:00Z"}"#)
                    .json?["id"] as? String)
            let early = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: #"{"rating": 7}"#)
            #expect(early.status == .conflict && SessionAPITests.error(early).code == "session_not_in_progress", "not before the start")
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            for bad in [#"{"rating": 11}"#, #"{"rating": -1}"#, #"{"rating": 6.5}"#, #"{}"#] {
                let refused = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: bad)
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(SessionAPITests.error(refused).field == "rating", "\(bad) names the field")
            }
            let rated = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: #"{"rating": 6}"#)
            #expect(rated.status == .ok && rated.json?["howFarRating"] as? Int == 6 && rated.json?["howFarSource"] as? String == "inRoom")
            let again = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: #"{"rating": 8}"#)
            #expect(again.json?["howFarRating"] as? Int == 8, "the client may reconsider before the end")
            clock.advance(minutes: 1)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token)
            let after = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: #"{"rating": 2}"#)
            #expect(after.status == .conflict, "the ended record is read-only")

            let progress = try await b.api(.get, "/api/v1/engagements/\(e)/progress", token: token)
            let sessions = try #require(progress.json?["sessions"] as? [[String: Any]])
            #expect(sessions.first?["howFarRating"] as? Int == 8)
            #expect(progress.json?["howFarTrendLabel"] as? String == "Not enough ratings yet")
            let csv = try await b.get("/engagements/\(e)/progress.csv")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.first?.hasSuffix(#""gas_t_score","how_far_rating""#) == true)
            #expect(lines.first { $0.hasPrefix(#""session""#) }?.hasSuffix(#""","8""#) == true)
            let page = try await b.get("/sessions/\(s)")
            #expect(page.body.contains("<strong>How far did we get:</strong> 8 of 10, in the session"))
        }
    }

    @Test("The page's scale: in the closing part with the agreement beside it; a refusal names the scale")
    func onThePage() async throws {
        try await withApp { b, _ in
            let (path, _) = try await SessionPagesTests.scheduled(b)
            try await b.get(path)
            _ = try await b.post(path + "/start", [:])
            try await b.get(path)
            _ = try await b.post(path + "/agreement", ["clientWords": "I want to sleep again", "focus": "Evenings"])
            let live = try await b.get(path)
            #expect(live.body.contains("Where the client wanted to go today: <q>I want to sleep again</q>"))
            #expect(live.body.contains(#"<input id="rating" type="radio" name="rating" value="0">"#))
            #expect(live.body.contains(#"id="rating-10" type="radio" name="rating" value="10""#))
            #expect(live.body.contains("not a licensed or validated questionnaire"))
            let refused = try await b.post(path + "/how-far", [:])
            #expect(
                refused.status == .unprocessableContent
                    && refused.body.contains(##"<a href="#rating">Choose how far the session got, from 0 to 10.</a>"##))
            let saved = try await b.post(path + "/how-far", ["rating": "9"])
            #expect(saved.location == path + "?done=how-far#how-far")
            #expect(try await b.get(path).body.contains("Recorded: 9 of 10, in the session"))
        }
    }

    @Test("Given afterwards in the portal: once, for the client's own ended session, within two weeks; a trend over sessions")
    func inThePortal() async throws {
        try await withApp { b, clock in
            let (token, e, next) = try await PortalTests.practice(b, clock: clock)
            let (done, _) = try await PortalTests.firstSessionAndStep(b, token: token, engagement: e)
            let invitation = try await PortalTests.invite(b, token: token, engagement: e)
            let app = try await PortalTests.appToken(b, invitation: invitation, email: "jordan@example.org")
            let home = try await b.get("/portal")
            #expect(home.body.contains("How far did we get in this session toward where you wanted to go?"))
            let notYet = try await b.api(.put, "/api/v1/portal/sessions/\(next)/how-far", token: app, json: #"{"rating": 5}"#)
            #expect(notYet.status == .notFound, "a session not ended is not rated")
            let refused = try await b.post("/portal/sessions/\(done)/how-far", ["rating": "eleven"])
            #expect(refused.status == .unprocessableContent && refused.body.contains("The rating is a whole number from 0 to 10."))
            let saved = try await b.post("/portal/sessions/\(done)/how-far", ["rating": "4"])
            #expect(saved.location == "/portal?done=howfar#past")
            #expect(try await b.get("/portal").body.contains("How far we got: 4 of 10"))
            let twice = try await b.api(.put, "/api/v1/portal/sessions/\(done)/how-far", token: app, json: #"{"rating": 9}"#)
            #expect(twice.status == .conflict && SessionAPITests.error(twice).code == "already_rated")
            let session = try await b.api(.get, "/api/v1/sessions/\(done)", token: token)
            #expect(session.json?["howFarRating"] as? Int == 4 && session.json?["howFarSource"] as? String == "portal")

            // Three more sessions rated 5, 7, 9 in the room: the fitted change (+5 over four sessions) is rising.
            for (i, rating) in [5, 7, 9].enumerated() {
                let s = try #require(
                    try await b.api(
                        .post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-02-0\#(i + 1)T09:00:00Z"}"#
                    ).json?["id"] as? String)
                _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
                _ = try await b.api(.put, "/api/v1/sessions/\(s)/how-far", token: token, json: #"{"rating": \#(rating)}"#)
                clock.advance(minutes: 1)
                _ = try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token)
            }
            let progress = try await b.api(.get, "/api/v1/engagements/\(e)/progress", token: token)
            #expect(progress.json?["howFarTrendLabel"] as? String == "Rising")
            #expect(abs((progress.json?["howFarTrend"] as? Double ?? 0) - 5.1) < 0.01)

            // An ended session left unrated: two weeks and a day later the portal no longer asks, and refuses.
            let unrated = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-02-09T09:00:00Z"}"#)
                    .json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(unrated)/start", token: token)
            _ = try await b.api(.post, "/api/v1/sessions/\(unrated)/end", token: token)
            #expect(try await b.get("/portal").body.contains("/portal/sessions/\(unrated)/how-far"))
            clock.advance(minutes: 15 * 24 * 60)
            let late = try await b.api(.put, "/api/v1/portal/sessions/\(unrated)/how-far", token: app, json: #"{"rating": 5}"#)
            #expect(late.status == .conflict && SessionAPITests.error(late).code == "rating_closed")
        }
    }
}
