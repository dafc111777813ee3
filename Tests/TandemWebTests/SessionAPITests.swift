import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("The live session over the API")
struct SessionAPITests {
    /// Maya's therapy engagement with Jordan, screened coachable; answers the token and the engagement id.
    static func engagement(_ b: TestClient, coachable: Bool = true) async throws -> (token: String, engagement: String) {
        let (token, client) = try await EngagementTests.maya(b)
        let e = try await b.api(
            .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Stop dreading Mondays"]}"#)
        let id = try #require(e.json?["id"] as? String)
        _ = try await b.api(
            .post, "/api/v1/engagements/\(id)/screenings", token: token, json: coachable ? EngagementTests.coachable : EngagementTests.crisis)
        // The client's consent to the coaching edge, as given in the room (ConsentTests covers its absence).
        _ = try await b.api(.post, "/api/v1/engagements/\(id)/consent", token: token, json: #"{"method": "inRoom"}"#)
        return (token, id)
    }

    static func error(_ answer: (status: HTTPResponse.Status, json: [String: Any]?, headers: HTTPFields)) -> (code: String?, field: String?) {
        let error = answer.json?["error"] as? [String: Any]
        return (error?["code"] as? String, error?["field"] as? String)
    }

    @Test("Scheduling: the default plan, a plan of one's own, and the refusals naming the field")
    func scheduling() async throws {
        try await withApp { b, _ in
            let (token, e) = try await Self.engagement(b)
            let made = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
            #expect(made.status == .created)
            #expect(made.json?["status"] as? String == "scheduled")
            #expect(made.json?["lengthMinutes"] as? Int == 50)
            #expect(made.json?["plan"] as? [String: Int] == ["opening": 10, "work": 30, "closing": 10])
            #expect(made.json?["clock"] is NSNull)
            let own = try await b.api(
                .post, "/api/v1/engagements/\(e)/sessions", token: token,
                json: #"{"scheduledAt": "2027-01-12T14:00:00+01:00", "lengthMinutes": 60, "plan": {"opening": 10, "work": 42, "closing": 8}}"#)
            #expect(own.status == .created)
            #expect(own.json?["scheduledAt"] as? String == "2027-01-12T13:00:00Z", "stored and answered in UTC")

            let shortClosing = try await b.api(
                .post, "/api/v1/engagements/\(e)/sessions", token: token,
                json: #"{"scheduledAt": "2027-01-05T14:00:00Z", "plan": {"opening": 10, "work": 36, "closing": 4}}"#)
            #expect(shortClosing.status == .unprocessableContent)
            #expect(Self.error(shortClosing).field == "plan.closing")
            let badSum = try await b.api(
                .post, "/api/v1/engagements/\(e)/sessions", token: token,
                json: #"{"scheduledAt": "2027-01-05T14:00:00Z", "plan": {"opening": 10, "work": 30, "closing": 20}}"#)
            #expect(Self.error(badSum).field == "plan")
            let badTime = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "next tuesday"}"#)
            #expect(Self.error(badTime).field == "scheduledAt")
            #expect(
                Self.error(
                    try await b.api(
                        .post, "/api/v1/engagements/\(e)/sessions", token: token,
                        json: #"{"scheduledAt": "2027-01-05T14:00:00Z", "lengthMinutes": 200}"#)
                ).field == "lengthMinutes")
            let list = try await b.api(.get, "/api/v1/engagements/\(e)/sessions", token: token)
            #expect((list.json?["items"] as? [Any])?.count == 2)
        }
    }

    @Test("A whole session: start, agreement, markers, redirect, question, takeaways, action step, end; each record refused outside the session")
    func wholeSession() async throws {
        try await withApp { b, clock in
            let (token, e) = try await Self.engagement(b)
            let made = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
            let s = try #require(made.json?["id"] as? String)
            let early = try await b.api(
                .post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "insight", "namedBy": "client", "highlighted": true}"#)
            #expect(early.status == .conflict)
            #expect(Self.error(early).code == "session_not_in_progress")

            let started = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            #expect(started.json?["status"] as? String == "inProgress")
            #expect((started.json?["clock"] as? [String: Any])?["phase"] as? String == "opening")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)).code == "session_not_scheduled")

            clock.advance(minutes: 4)
            let noAgreement = try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "work"}"#)
            #expect(noAgreement.status == .conflict)
            #expect(Self.error(noAgreement).code == "agreement_required")
            let agreed = try await b.api(
                .put, "/api/v1/sessions/\(s)/agreement", token: token,
                json: #"{"clientWords": "I want Mondays to stop ruining Sundays", "focus": "Sunday evening dread"}"#)
            #expect((agreed.json?["agreement"] as? [String: Any])?["clientWords"] as? String == "I want Mondays to stop ruining Sundays")
            clock.advance(minutes: 6)
            let work = try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "work"}"#)
            #expect((work.json?["clock"] as? [String: Any])?["phase"] as? String == "work")

            clock.advance(minutes: 2.5)
            let marker = try await b.api(
                .post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "strength", "namedBy": "therapist", "highlighted": false}"#)
            #expect(marker.status == .created)
            #expect(marker.json?["atSeconds"] as? Int == 750, "12 minutes 30 seconds after the start")
            let markerID = try #require(marker.json?["id"] as? String)
            let patched = try await b.api(
                .patch, "/api/v1/markers/\(markerID)", token: token, json: #"{"text": "Said no to her mother, kindly", "namedBy": "client"}"#)
            #expect(patched.json?["text"] as? String == "Said no to her mother, kindly")
            #expect(patched.json?["namedBy"] as? String == "client")
            #expect(patched.json?["highlighted"] as? Bool == false, "left out, kept")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "joy"}"#)).field == "kind")
            #expect(try await b.api(.post, "/api/v1/sessions/\(s)/redirects", token: token).status == .created)

            let library = try await b.api(.get, "/api/v1/questions?phase=work&q=costing", token: token)
            let question = try #require((library.json?["items"] as? [[String: Any]])?.first)
            #expect(question["text"] as? String == "What is it costing you to stay where you are?")
            let asked = try await b.api(
                .post, "/api/v1/sessions/\(s)/questions-asked", token: token, json: #"{"questionId": "\#(question["id"] as! String)"}"#)
            #expect(asked.status == .created)
            #expect(
                Self.error(
                    try await b.api(
                        .post, "/api/v1/sessions/\(s)/questions-asked", token: token, json: #"{"questionId": "00000000-0000-0000-0000-000000000000"}"#
                    )
                ).field == "questionId")

            clock.advance(minutes: 30)
            let squeezed = try await b.api(.get, "/api/v1/sessions/\(s)", token: token)
            #expect((squeezed.json?["clock"] as? [String: Any])?["warnings"] as? [String] == ["closingSqueezed"])
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "closing"}"#)
            let noPermission = try await b.api(
                .post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "You held your ground", "source": "therapist"}"#)
            #expect(noPermission.status == .unprocessableContent)
            #expect(Self.error(noPermission).field == "permissionAsked")
            #expect(
                try await b.api(.post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "I can say no kindly", "source": "client"}"#)
                    .status == .created)
            clock.advance(minutes: 1)
            #expect(
                try await b.api(
                    .post, "/api/v1/sessions/\(s)/takeaways", token: token,
                    json: #"{"text": "You held your ground", "source": "therapist", "permissionAsked": true}"#
                ).status == .created)
            let step = try await b.api(
                .post, "/api/v1/sessions/\(s)/action-steps", token: token, json: #"{"text": "Say no once before Friday", "due": "2027-06-01"}"#)
            #expect(step.status == .created)
            let ended = try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token)
            let record = try #require(ended.json)
            #expect(record["status"] as? String == "completed")
            #expect((record["markers"] as? [Any])?.count == 1)
            #expect((record["redirects"] as? [Any])?.count == 1)
            #expect((record["questionsAsked"] as? [Any])?.count == 1)
            #expect((record["takeaways"] as? [[String: Any]])?.map { $0["source"] as? String } == ["client", "therapist"])
            #expect((record["actionSteps"] as? [Any])?.count == 1)
            #expect((record["phases"] as? [[String: Any]])?.map { $0["phase"] as? String } == ["opening", "work", "closing"])
            #expect(
                Self.error(try await b.api(.post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "Late", "source": "client"}"#))
                    .code == "session_not_in_progress")
            let addendum = try await b.api(
                .post, "/api/v1/sessions/\(s)/addenda", token: token, json: #"{"text": "The redirect came after the strength marker."}"#)
            #expect(addendum.status == .created)

            // The next session's opening reviews the step.
            let next = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-12T14:00:00Z"}"#)
            let n = try #require(next.json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(n)/start", token: token)
            let toReview = try #require(
                (try await b.api(.get, "/api/v1/sessions/\(n)", token: token).json?["actionStepsToReview"] as? [[String: Any]])?.first)
            let stepID = try #require(toReview["id"] as? String)
            let reviewed = try await b.api(
                .post, "/api/v1/action-steps/\(stepID)/review", token: token, json: #"{"status": "partly", "clientWords": "Once, with my sister"}"#)
            #expect((reviewed.json?["review"] as? [String: Any])?["sessionId"] as? String == n)
            #expect(
                Self.error(try await b.api(.post, "/api/v1/action-steps/\(stepID)/review", token: token, json: #"{"status": "half"}"#)).field
                    == "status")
        }
    }

    @Test("Action steps are refused with not_coachable; the work phase needs no agreement when coaching is not offered")
    func notCoachable() async throws {
        try await withApp { b, _ in
            let (token, e) = try await Self.engagement(b, coachable: false)
            let made = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
            let s = try #require(made.json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            let refused = try await b.api(.post, "/api/v1/sessions/\(s)/action-steps", token: token, json: #"{"text": "Walk twice"}"#)
            #expect(refused.status == .conflict)
            #expect(Self.error(refused).code == "not_coachable")
            #expect(try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "work"}"#).status == .ok)
        }
    }

    @Test("Skipping the agreement needs a reason, which is kept; another practitioner gets 404; the owner reads, never writes")
    func skipAndAccess() async throws {
        try await withApp { b, _ in
            let (token, e) = try await Self.engagement(b)
            let made = try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-05T14:00:00Z"}"#)
            let s = try #require(made.json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            let skipped = try await b.api(
                .post, "/api/v1/sessions/\(s)/phase", token: token,
                json: #"{"phase": "work", "skipAgreementReason": "Crisis call about her father came first"}"#)
            #expect(skipped.json?["agreementSkipReason"] as? String == "Crisis call about her father came first")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "opening"}"#)).field == "phase")
            try await b.signOut()
            _ = try await b.signIn("ben@example.org")
            let ben = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)", token: ben).status == .notFound)
            #expect(try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: ben, json: #"{"kind": "insight"}"#).status == .notFound)
            try await b.signOut()
            _ = try await b.signIn("ruth@example.org")
            let owner = try await b.createToken()
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)", token: owner).json?["canRecord"] as? Bool == false)
            #expect(try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: owner, json: #"{"kind": "insight"}"#).status == .forbidden)
        }
    }

    @Test("Cancel and no-show apply to scheduled sessions only; progress notes; the day's list in the practitioner's zone")
    func cancelNoShowAndDay() async throws {
        try await withApp { b, _ in
            let (token, e) = try await Self.engagement(b)
            var ids: [String] = []
            for at in ["2027-01-05T09:00:00Z", "2027-01-05T11:00:00Z", "2027-01-05T23:30:00Z"] {
                ids.append(
                    try #require(
                        try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "\#(at)"}"#).json?["id"]
                            as? String))
            }
            #expect(try await b.api(.post, "/api/v1/sessions/\(ids[0])/cancel", token: token).json?["status"] as? String == "cancelled")
            #expect(try await b.api(.post, "/api/v1/sessions/\(ids[1])/no-show", token: token).json?["status"] as? String == "noShow")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(ids[0])/start", token: token)).code == "session_not_scheduled")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(ids[1])/cancel", token: token)).code == "session_not_scheduled")
            _ = try await b.api(.post, "/api/v1/sessions/\(ids[2])/start", token: token)
            let notes = try await b.api(
                .put, "/api/v1/sessions/\(ids[2])/progress-notes", token: token, json: #"{"text": "Slept better three nights out of seven"}"#)
            #expect(notes.json?["progressNotes"] as? String == "Slept better three nights out of seven")
            #expect(Self.error(try await b.api(.post, "/api/v1/sessions/\(ids[2])/cancel", token: token)).code == "session_not_scheduled")

            let utcDay = try await b.api(.get, "/api/v1/sessions?date=2027-01-05", token: token)
            #expect((utcDay.json?["items"] as? [Any])?.count == 3)
            try await b.get("/account")
            _ = try await b.post("/account/session-defaults", ["timeZone": "Europe/Berlin", "openingPercent": "20", "closingPercent": "20"])
            let berlinDay = try await b.api(.get, "/api/v1/sessions?date=2027-01-05", token: token)
            #expect((berlinDay.json?["items"] as? [Any])?.count == 2, "23:30 UTC is already the 6th in Berlin")
            #expect(Self.error(try await b.api(.get, "/api/v1/sessions?date=2027-02-30", token: token)).field == "date")
        }
    }
}
