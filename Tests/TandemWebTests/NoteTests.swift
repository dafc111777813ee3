import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("The note of record: drafted from the session, edited, signed and locked, then addenda")
struct NoteTests {
    @Test("Draft from the record in DAP; edit; sign with signer, time and the SHA-256 of the content; then 409 note_signed; addenda")
    func lifecycle() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            let running = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-08T09:00:00Z"}"#)
                    .json?["id"] as? String)
            _ = try await b.api(.post, "/api/v1/sessions/\(running)/start", token: token)
            let early = try await b.api(.post, "/api/v1/sessions/\(running)/note", token: token, json: #"{"format": "DAP"}"#)
            #expect(early.status == .conflict && SessionAPITests.error(early).code == "session_not_completed", "only an ended session")
            clock.advance(minutes: 50)
            _ = try await b.api(.post, "/api/v1/sessions/\(running)/end", token: token)

            let (_, _, s) = try await Self.endedSessionIn(b, clock, token: token, engagement: e)
            let bad = try await b.api(.post, "/api/v1/sessions/\(s)/note", token: token, json: #"{"format": "narrative"}"#)
            #expect(bad.status == .unprocessableContent && SessionAPITests.error(bad).field == "format")
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)/note", token: token).status == .notFound, "none drafted yet")

            let drafted = try await b.api(.post, "/api/v1/sessions/\(s)/note", token: token, json: #"{"format": "DAP"}"#)
            #expect(drafted.status == .created)
            let note = try #require(drafted.json)
            let id = try #require(note["id"] as? String)
            #expect(note["status"] as? String == "draft" && note["format"] as? String == "DAP")
            let sections = try #require(note["sections"] as? [[String: String]])
            #expect(sections.map { $0["title"] } == ["Data", "Assessment", "Plan"])
            #expect(sections[0]["text"]?.contains("the client said: “Sleep again”") == true, "the agreement in the client's words")
            #expect(sections[0]["text"]?.contains("The client's takeaways, in their own words: “Sunday can be mine”.") == true)
            #expect(sections[1]["text"]?.contains("In the client's words: “I rest when I stop” (new insight).") == true)
            #expect(sections[2]["text"]?.hasPrefix("Action steps agreed for the time until the next session: “Phone off at ten”") == true)
            #expect(try await b.api(.get, "/api/v1/notes/\(id)", token: token).json?["id"] as? String == id)
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)/note", token: token).json?["id"] as? String == id)

            let wrong = try await b.api(
                .patch, "/api/v1/notes/\(id)", token: token, json: #"{"sections": [{"title": "Plan", "text": "Only a plan"}]}"#)
            #expect(wrong.status == .unprocessableContent && SessionAPITests.error(wrong).field == "sections")
            let empty = try await b.api(
                .patch, "/api/v1/notes/\(id)", token: token,
                json: #"{"sections": [{"title": "Data", "text": ""}, {"title": "Assessment", "text": "a"}, {"title": "Plan", "text": "p"}]}"#)
            #expect(SessionAPITests.error(empty).field == "sections[0].text", "the field names the section")
            let edited = try await b.api(
                .patch, "/api/v1/notes/\(id)", token: token,
                json:
                    #"{"sections": [{"title": "Data", "text": "Client arrived on time."}, {"title": "Assessment", "text": "Engaged."}, {"title": "Plan", "text": "Weekly."}]}"#
            )
            #expect(edited.status == .ok && (edited.json?["sections"] as? [[String: String]])?.first?["text"] == "Client arrived on time.")

            let early2 = try await b.api(.post, "/api/v1/notes/\(id)/addenda", token: token, json: #"{"text": "Too soon"}"#)
            #expect(SessionAPITests.error(early2).code == "note_not_signed")
            clock.advance(minutes: 5)
            let signed = try await b.api(.post, "/api/v1/notes/\(id)/sign", token: token)
            #expect(signed.status == .ok)
            let hash = try #require(signed.json?["contentSha256"] as? String)
            #expect(signed.json?["status"] as? String == "signed" && signed.json?["signedAt"] is String && signed.json?["signedBy"] is String)
            // The hash is of exactly what was signed: recomputed here from the note's own fields.
            let signedText = try #require(signed.json?["signedAt"] as? String)
            let signedAt = try #require(ISO8601DateFormatter().date(from: signedText))
            var content = "Tandem progress note\nid: \(id.lowercased())\nsession: \(s.lowercased())\nformat: DAP\n"
            content += "signer: \((signed.json?["signedBy"] as? String ?? "").lowercased())\nsigned: \(Int(signedAt.timeIntervalSince1970))\n"
            content += "\n## Data\nClient arrived on time.\n\n## Assessment\nEngaged.\n\n## Plan\nWeekly.\n"
            #expect(hash == SHA256.hash(data: Data(content.utf8)).map { String(format: "%02x", $0) }.joined())

            let locked = try await b.api(
                .patch, "/api/v1/notes/\(id)", token: token,
                json: #"{"sections": [{"title": "Data", "text": "Changed"}, {"title": "Assessment", "text": "a"}, {"title": "Plan", "text": "p"}]}"#)
            #expect(locked.status == .conflict && SessionAPITests.error(locked).code == "note_signed")
            #expect(SessionAPITests.error(try await b.api(.post, "/api/v1/notes/\(id)/sign", token: token)).code == "note_signed")
            let redraft = try await b.api(.post, "/api/v1/sessions/\(s)/note", token: token, json: #"{"format": "SOAP"}"#)
            #expect(SessionAPITests.error(redraft).code == "note_signed", "no route changes a signed note")

            let addendum = try await b.api(.post, "/api/v1/notes/\(id)/addenda", token: token, json: #"{"text": "Client called on Monday."}"#)
            #expect(addendum.status == .created && (addendum.json?["contentSha256"] as? String)?.count == 64)
            let after = try #require(try await b.api(.get, "/api/v1/notes/\(id)", token: token).json)
            #expect((after["sections"] as? [[String: String]])?.first?["text"] == "Client arrived on time.", "the original stays")
            #expect((after["addenda"] as? [[String: Any]])?.first?["text"] as? String == "Client called on Monday.")
            #expect(after["contentSha256"] as? String == hash)
        }
    }

    @Test(
        "In the browser's forms: drafted from the ended session's page in her default format, refused edits name the section, signing asks once, Today lists what is unsigned"
    )
    func pages() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            let (_, _, s) = try await Self.endedSessionIn(b, clock, token: token, engagement: e)
            clock.advance(minutes: 60)
            _ = try await b.signIn("maya@example.org")  // the page sign-in ran out meanwhile; the API token did not
            try await b.get("/account")
            #expect(
                try await b.post(
                    "/account/session-defaults", ["timeZone": "UTC", "openingPercent": "20", "closingPercent": "20", "noteFormat": "SOAP"]
                )
                .status == .seeOther)
            let todayAnswer = try await b.get("/today")
            #expect(todayAnswer.status == .ok, "\(todayAnswer.status) \(todayAnswer.body.prefix(1500))")
            let today = todayAnswer.body
            #expect(today.contains("Notes to sign (1)") && today.contains("Not drafted") && today.contains("1 hour since the session"))
            #expect(!today.contains("Over 72 hours"))
            let session = try await b.get("/sessions/\(s)").body
            #expect(session.contains(#"<option value="SOAP" selected>"#), "her default format is chosen")
            let drafted = try await b.post("/sessions/\(s)/note", ["format": "SOAP"])
            let notePath = String(try #require(drafted.location).prefix("/notes/".count + 36))
            let draft = try await b.get(notePath).body
            #expect(draft.contains("Subjective") && draft.contains("the client said: “Sleep again”"))
            #expect(draft.contains(#"<textarea id="section-0" name="section-0""#))
            let fields = ["section-0": "Said she slept better.", "section-1": "", "section-2": "Engaged.", "section-3": "Weekly."]
            let refused = try await b.post(notePath, fields.merging(["then": "save"]) { $1 })
            #expect(refused.status == .unprocessableContent && refused.body.contains(##"href="#section-1""##), "the summary links to the section")
            #expect(refused.body.contains("Said she slept better."), "what she typed is kept")
            try await b.get(notePath)
            let typed = fields.merging(["section-1": "Slept six hours on four nights.", "then": "sign"]) { $1 }
            let asked = try await b.post(notePath, typed)
            #expect(asked.status == .ok && asked.body.contains("Sign and lock the note"), "signing asks once")
            #expect(try await b.get(notePath).body.contains("Slept six hours on four nights."), "the draft was saved before asking")
            #expect(try await b.post("/notes/\(notePath.suffix(36))/sign", ["confirmed": "yes"]).status == .seeOther)
            let signed = try await b.get(notePath).body
            #expect(signed.contains("Signed and locked") && signed.contains("SHA-256 of the signed content"))
            #expect(!signed.contains(#"name="section-0""#), "no form edits a signed note")
            #expect(!(try await b.get("/today").body.contains("Notes to sign")), "signed: off the list")
            try await b.get(notePath)
            #expect(try await b.post(notePath, typed).status == .conflict, "the form cannot change a signed note either")
            try await b.get(notePath)
            #expect(try await b.post("/notes/\(notePath.suffix(36))/addenda", ["text": "Phoned on Monday."]).status == .seeOther)
            #expect(try await b.get(notePath).body.contains("Phoned on Monday."))

            // A session ended over 72 hours ago is a warning.
            let (_, _, late) = try await Self.endedSessionIn(b, clock, token: token, engagement: e)
            clock.advance(minutes: 73 * 60)
            _ = try await b.signIn("maya@example.org")
            let list = try await b.get("/today").body
            #expect(list.contains("Over 72 hours") && list.contains("3 days since the session"))
            _ = late
        }
    }

    /// An ended session of the engagement with an agreement, a client-named insight, a client takeaway and a step.
    static func endedSessionIn(_ b: TestClient, _ clock: TestClock, token: String, engagement e: String) async throws -> (String, String, String) {
        let s = try #require(
            try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: token, json: #"{"scheduledAt": "2027-01-15T09:00:00Z"}"#)
                .json?["id"] as? String)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/start", token: token)
        _ = try await b.api(.put, "/api/v1/sessions/\(s)/agreement", token: token, json: #"{"clientWords": "Sleep again", "focus": "Evenings"}"#)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "work"}"#)
        _ = try await b.api(
            .post, "/api/v1/sessions/\(s)/markers", token: token, json: #"{"kind": "insight", "namedBy": "client", "text": "I rest when I stop"}"#)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/phase", token: token, json: #"{"phase": "closing"}"#)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/takeaways", token: token, json: #"{"text": "Sunday can be mine", "source": "client"}"#)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/action-steps", token: token, json: #"{"text": "Phone off at ten"}"#)
        clock.advance(minutes: 50)
        _ = try await b.api(.post, "/api/v1/sessions/\(s)/end", token: token)
        return (token, e, s)
    }
}
