import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Questionnaires, risk gating and the progress numbers over HTTP")
struct MeasureAPITests {
    @Test("A PHQ-9 with item 9 = 1 pauses coaching at once and alerts the practitioner; a re-screen lifts the pause")
    func riskIsNeverSilent() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["coaching"] as? String == "coachable")
            let answered = try await b.api(
                .post, "/api/v1/engagements/\(e)/measures", token: token, json: #"{"instrument": "phq9", "answers": [1, 1, 1, 1, 0, 0, 0, 0, 1]}"#)
            #expect(answered.status == .created)
            #expect(answered.json?["total"] as? Int == 5)
            #expect(answered.json?["band"] as? String == "Mild")
            #expect(answered.json?["riskFlags"] as? [String] == ["phq9Item9"])
            #expect(answered.json?["reliableChange"] is NSNull, "the first administration is the baseline")

            let engagement = try #require(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json)
            #expect(engagement["coaching"] as? String == "paused")
            #expect((engagement["pausedReason"] as? String)?.contains("PHQ-9 item 9") == true)
            let alerts = try #require(try await b.api(.get, "/api/v1/alerts", token: token).json?["items"] as? [[String: Any]])
            #expect(alerts.map { $0["kind"] as? String } == ["safety"])
            #expect(alerts.first?["engagementId"] as? String == e)
            let caseload = try await b.get("/engagements")
            #expect(caseload.body.contains("PHQ-9 5: Mild"))
            #expect(caseload.body.contains("<span class=\"badge safety\">1</span>"), "the alert shows on the caseload")
            let dashboard = try await b.get("/alerts")
            #expect(dashboard.body.contains("Safety"))
            #expect(dashboard.body.contains("Alerts (1)"))
            #expect(dashboard.body.contains("What you did"), "reviewing asks for a note")
            // Safety first: the open alert leads Today and the engagement page, with its reason and the answers.
            for page in ["/today", "/engagements/\(e)"] {
                let body = try await b.get(page).body
                let section = try #require(body.range(of: "<section class=\"safety-first\""), "\(page) shows the alert")
                let rest = body[section.lowerBound...]
                #expect(rest.contains("Safety first (1 open)"))
                #expect(rest.contains("PHQ-9 item 9, “Thoughts that you would be better off dead"), "\(page) gives the reason")
                #expect(rest.contains("Several days (1)"), "\(page) gives the answer")
                #expect(rest.contains("/engagements/\(e)/progress#measure-"), "\(page) links to the answers")
                if let main = body.range(of: "<main"), page == "/today" {
                    #expect(main.lowerBound < section.lowerBound, "inside the page's main content")
                }
            }

            let session = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-15T14:00:00Z"}"#).json?[
                    "id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(session)/start", token: token)
            let refused = try await b.api(.post, "/api/v1/sessions/\(session)/action-steps", token: token, json: #"{"text": "Walk twice"}"#)
            #expect(refused.status == .conflict)
            #expect((refused.json?["error"] as? [String: Any])?["code"] as? String == "not_coachable")

            clock.advance(minutes: 5)
            _ = try await b.api(.post, "/api/v1/engagements/\(e)/screenings", token: token, json: EngagementTests.coachable)
            #expect(try await b.api(.get, "/api/v1/engagements/\(e)", token: token).json?["coaching"] as? String == "coachable")
            #expect(
                try await b.api(.post, "/api/v1/sessions/\(session)/action-steps", token: token, json: #"{"text": "Walk twice"}"#).status == .created)
        }
    }

    @Test("Refusals name the field: unknown instrument, wrong count, an out-of-range item, an unanswered item")
    func refusals() async throws {
        try await withApp { b, _ in
            let (token, e) = try await SessionAPITests.engagement(b)
            func field(_ json: String) async throws -> String? {
                let answer = try await b.api(.post, "/api/v1/engagements/\(e)/measures", token: token, json: json)
                #expect(answer.status == .unprocessableContent, "\(json)")
                return (answer.json?["error"] as? [String: Any])?["field"] as? String
            }
            #expect(try await field(#"{"instrument": "ors", "answers": [1]}"#) == "instrument")
            #expect(try await field(#"{"instrument": "gad7", "answers": [1, 1]}"#) == "answers")
            #expect(try await field(#"{"instrument": "gad7", "answers": [1, 1, 1, 9, 1, 1, 1]}"#) == "answers[3]")
            #expect(try await field(#"{"instrument": "gad7", "answers": [1, 1, null, 1, 1, 1, 1]}"#) == "answers")
            #expect(try await field(#"{"instrument": "gad7", "answers": [1, 1, "2", 1, 1, 1, 1]}"#) == "answers[2]")
            #expect(try await field(#"{"instrument": "gad7", "answers": [1, 1, 1, 1, 1, 1, 1], "administeredAt": "yesterday"}"#) == "administeredAt")
            let instruments = try await b.api(.get, "/api/v1/instruments", token: token)
            #expect(
                (instruments.json?["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }.sorted() == ["gad7", "pcl5", "phq9", "who5"])
            #expect((try await b.api(.get, "/api/v1/engagements/\(e)/progress", token: token).json?["measures"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Progress: reliable change against the first administration, recovery, sessions' self-recognition, CSV")
    func progress() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            for answers in ["[2, 2, 2, 2, 2, 2, 2, 2, 0]", "[2, 2, 1, 1, 1, 1, 1, 1, 0]", "[1, 1, 1, 1, 1, 1, 0, 0, 0]"] {
                _ = try await b.api(
                    .post, "/api/v1/engagements/\(e)/measures", token: token, json: #"{"instrument": "phq9", "answers": \#(answers)}"#)
                clock.advance(minutes: 60 * 24 * 7)
            }
            let s = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-02-05T14:00:00Z"}"#).json?[
                    "id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "insight", "namedBy": "client"}"#)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "strength", "namedBy": "therapist"}"#)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "Mine", "source": "client"}"#)
            _ = try await b.api(
                .post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "Hers", "source": "therapist", "permissionAsked": true}"#)
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token)

            let progress = try #require(try await b.api(.get, "/api/v1/engagements/\(e)/progress", token: token).json)
            let phq = try #require((progress["measures"] as? [[String: Any]])?.first)
            #expect(phq["baseline"] as? Int == 16)
            #expect((phq["points"] as? [[String: Any]])?.map { $0["total"] as? Int } == [16, 10, 6])
            #expect((phq["points"] as? [[String: Any]])?.map { $0["reliableChange"] as? String } == [nil, "improved", "improved"])
            #expect((phq["points"] as? [[String: Any]])?.last?["recovered"] as? Bool == true)
            #expect((phq["reliableChangeBand"] as? [String: Any])?["min"] as? Int == 11)
            #expect((phq["reliableChangeBand"] as? [String: Any])?["max"] as? Int == 21)
            let session = try #require((progress["sessions"] as? [[String: Any]])?.first)
            #expect(session["selfRecognitionRate"] as? Double == 0.5, "1 client-named marker and 1 client takeaway of 4 records")
            #expect((session["markers"] as? [String: Int])?["insight"] == 1)

            let csv = try await b.get("/api/v1/engagements/\(e)/progress.csv", headers: [.authorization: "Bearer \(token)"])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 1 + 3 + 1)
            #expect(lines[0].hasPrefix("\"row\",\"date\",\"instrument\",\"total\""))
            #expect(lines[3].contains("\"phq9\",\"6\",\"Mild\",\"improved\",\"true\""))
            #expect(lines[4].contains("\"0.500\""))
        }
    }

    @Test("Goal Attainment Scaling: scale goals, review them, the T-score in the answer, the progress numbers and the page")
    func goalAttainment() async throws {
        try await withApp { b, clock in
            let (token, client) = try await EngagementTests.maya(b)
            let e = try #require(
                try await b.api(
                    .post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["Sleep", "Say no"]}"#
                ).json?["id"] as? String)
            let noScales = try await b.api(.post, "/api/v1/engagements/\(e)/goal-reviews", token: token, json: #"{"ratings": []}"#)
            #expect((noScales.json?["error"] as? [String: Any])?["code"] as? String == "no_goal_scales")
            let levels = #"["Awake most nights", "Awake some nights", "Asleep by midnight most nights", "Asleep by 11", "Asleep by 11 and rested"]"#
            let first = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-scales", token: token, json: #"{"goal": 1, "weight": 1, "levels": \#(levels)}"#)
            #expect(first.status == .created)
            let second = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-scales", token: token, json: #"{"goal": 2, "weight": 1, "levels": \#(levels)}"#)
            let again = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-scales", token: token, json: #"{"goal": 2, "weight": 3, "levels": \#(levels)}"#)
            #expect((again.json?["error"] as? [String: Any])?["code"] as? String == "goal_already_scaled")
            let bad = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-scales", token: token, json: #"{"goal": 3, "weight": 9, "levels": ["a"]}"#)
            #expect(bad.status == .unprocessableContent)
            let missing = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-scales", token: token, json: #"{"goal": 3, "weight": 1, "levels": \#(levels)}"#)
            #expect(missing.status == .conflict, "a goal the contract could hold but this one does not")
            #expect((missing.json?["error"] as? [String: Any])?["code"] as? String == "no_such_goal")
            let id1 = try #require(first.json?["id"] as? String)
            let id2 = try #require(second.json?["id"] as? String)
            let partial = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-reviews", token: token, json: #"{"ratings": [{"goalScaleId": "\#(id1)", "level": 1}]}"#)
            #expect((partial.json?["error"] as? [String: Any])?["field"] as? String == "ratings")
            clock.advance(minutes: 5)
            let review = try await b.api(
                .post, "/api/v1/engagements/\(e)/goal-reviews", token: token,
                json: #"{"ratings": [{"goalScaleId": "\#(id1)", "level": 1}, {"goalScaleId": "\#(id2)", "level": 1}]}"#)
            #expect(review.status == .created)
            #expect(review.json?["tScore"] as? Double == 62.4, "two goals of weight 1 at +1")
            let progress = try await b.api(.get, "/api/v1/engagements/\(e)/progress", token: token)
            #expect((progress.json?["goalReviews"] as? [[String: Any]])?.first?["tScore"] as? Double == 62.4)
            #expect((progress.json?["goalScales"] as? [Any])?.count == 2)
            let page = try await b.get("/engagements/\(e)/progress")
            #expect(page.body.contains("GAS T-score over reviews"))
            #expect(page.body.contains("62.4"))
            let csv = try await b.get("/engagements/\(e)/progress.csv")
            #expect(csv.body.contains("\"goalReview\""))
            #expect(csv.body.contains("\"62.4\""))
        }
    }

    @Test("The caseload lists engagements with an alert first, whatever the sort")
    func caseloadOrder() async throws {
        try await withApp { b, _ in
            let (token, _) = try await EngagementTests.maya(b)
            var engagements: [String: String] = [:]
            for name in ["Aaron Abel", "Zoe Zimmer"] {
                let client = try #require(
                    try await b.api(.post, "/api/v1/clients", token: token, json: #"{"displayName": "\#(name)"}"#).json?["id"] as? String)
                engagements[name] = try #require(
                    try await b.api(.post, "/api/v1/clients/\(client)/engagements", token: token, json: #"{"role": "therapy", "goals": ["x"]}"#)
                        .json?["id"] as? String)
            }
            _ = try await b.api(
                .post, "/api/v1/engagements/\(engagements["Zoe Zimmer"]!)/measures", token: token,
                json: #"{"instrument": "phq9", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 2]}"#)
            func order() async throws -> [String] {
                let body = try await b.get("/engagements?sort=client").body
                return ["Aaron Abel", "Zoe Zimmer", "Jordan Avery"].filter { body.contains($0) }.sorted {
                    body.range(of: $0)!.lowerBound < body.range(of: $1)!.lowerBound
                }
            }
            #expect(try await order() == ["Zoe Zimmer", "Aaron Abel"], "Zoe's alert puts her first; Jordan has no engagement")
            let alert = try #require(
                (try await b.api(.get, "/api/v1/alerts", token: token).json?["items"] as? [[String: Any]])?.first?["id"] as? String)
            let bare = try await b.api(.post, "/api/v1/alerts/\(alert)/resolve", token: token, json: "{}")
            #expect(bare.status == .unprocessableContent && SessionAPITests.error(bare).field == "note", "reviewed asks what was done")
            #expect(try await order() == ["Zoe Zimmer", "Aaron Abel"], "still open")
            let done = try await b.api(.post, "/api/v1/alerts/\(alert)/resolve", token: token, json: #"{"note": "Called Zoe; safety plan agreed"}"#)
            #expect(done.status == .noContent)
            #expect(try await order() == ["Aaron Abel", "Zoe Zimmer"])
        }
    }
}
