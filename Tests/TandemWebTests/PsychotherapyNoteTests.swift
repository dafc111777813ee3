import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemWeb

@Suite("Psychotherapy notes, held apart (45 CFR 164.501)")
struct PsychotherapyNoteTests {
    static let sentinel = "Zqprocess countertransference sentinel 4471"

    @Test("Read by its author only; a sentinel phrase in one appears in no other page or API answer of the engagement")
    func heldApart() async throws {
        try await withApp { b, clock in
            let (token, e) = try await SessionAPITests.engagement(b)
            let (_, _, s) = try await NoteTests.endedSessionIn(b, clock, token: token, engagement: e)
            _ = try await b.signIn("maya@example.org")
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)/psychotherapy-note", token: token).status == .notFound, "none yet")
            let empty = try await b.api(.put, "/api/v1/sessions/\(s)/psychotherapy-note", token: token, json: #"{"text": "   "}"#)
            #expect(empty.status == .unprocessableContent && SessionAPITests.error(empty).field == "text")
            let written = try await b.api(
                .put, "/api/v1/sessions/\(s)/psychotherapy-note", token: token, json: #"{"text": "\#(Self.sentinel): her father's voice."}"#)
            #expect(written.status == .ok && (written.json?["text"] as? String)?.hasPrefix(Self.sentinel) == true)
            #expect(try await b.api(.get, "/api/v1/sessions/\(s)/psychotherapy-note", token: token).json?["text"] as? String != nil)
            let page = try await b.get("/sessions/\(s)/psychotherapy-note")
            #expect(page.status == .ok && page.body.contains(Self.sentinel), "its author reads it on its own page")
            _ = try await b.api(.post, "/api/v1/sessions/\(s)/note", token: token, json: #"{"format": "DAP"}"#)

            // Everything else of the engagement, as its holder sees it: never the phrase.
            var answers: [(String, String)] = []
            for path in [
                "/engagements/\(e)", "/sessions/\(s)", "/engagements/\(e)/progress", "/engagements/\(e)/progress.csv", "/today", "/engagements",
            ] {
                let answer = try await b.get(path)
                #expect(answer.status == .ok, "GET \(path)")
                answers.append((path, answer.body))
            }
            let note = try #require(try await b.api(.get, "/api/v1/sessions/\(s)/note", token: token).json?["id"] as? String)
            answers.append(("/notes/\(note)", try await b.get("/notes/\(note)").body))
            for path in [
                "/api/v1/engagements/\(e)", "/api/v1/sessions/\(s)", "/api/v1/engagements/\(e)/sessions", "/api/v1/engagements/\(e)/progress",
                "/api/v1/notes/\(note)", "/api/v1/engagements/\(e)/measures", "/api/v1/alerts",
            ] {
                let answer = try await b.api(.get, path, token: token)
                #expect(answer.status == .ok, "GET \(path)")
                answers.append((path, String(decoding: try JSONSerialization.data(withJSONObject: answer.json ?? [:]), as: UTF8.self)))
            }
            // The client's portal.
            let invitation = try await PortalTests.invite(b, token: token, engagement: e)
            try await b.signOut()
            try await b.get(invitation)
            _ = try await b.post(invitation, ["email": "jordan@example.org", "password": "a calm river at dawn"])
            for path in ["/portal", "/portal/progress"] { answers.append((path, try await b.get(path).body)) }
            b.cookies.withLock { $0 = [:] }
            #expect(answers.count == 16)
            for (path, body) in answers {
                #expect(!body.contains("Zqprocess"), "\(path) shows the psychotherapy note")
                #expect(!body.isEmpty, "\(path) answered")
            }

            // The owner and a colleague: none, as if there were none; the owner cannot write one on Maya's session.
            for (email, name) in [("ruth@example.org", "the owner"), ("ben@example.org", "a colleague")] {
                _ = try await b.signIn(email)
                let other = try await b.createToken()
                let read = try await b.api(.get, "/api/v1/sessions/\(s)/psychotherapy-note", token: other)
                #expect(read.status == .notFound, "\(name) reads none")
                #expect(!(try await b.get("/sessions/\(s)/psychotherapy-note").body.contains("Zqprocess")), "\(name) sees none on the page")
                let write = try await b.api(.put, "/api/v1/sessions/\(s)/psychotherapy-note", token: other, json: #"{"text": "overwrite"}"#)
                #expect([.forbidden, .notFound].contains(write.status), "\(name) writes none: \(write.status)")
                try await b.signOut()
            }
            _ = try await b.signIn("maya@example.org")
            #expect(
                (try await b.api(.get, "/api/v1/sessions/\(s)/psychotherapy-note", token: token).json?["text"] as? String)?.hasPrefix(Self.sentinel)
                    == true, "unchanged by the others")
            let audit = try await b.api(.get, "/api/v1/sessions/\(s)", token: token)
            #expect(audit.status == .ok)
        }
    }
}
