import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import TandemCore
import Testing

@testable import TandemWeb

/// The one text rule, tried as a hostile client would: a corpus of strings through every text field of the API.
/// Nothing answers 5xx; what is accepted reads back exactly; what is refused is a 422 naming the field (or a 413 for a
/// body over the limit). Whether a string should be accepted is worked out here from the rule as the issue states it,
/// not by calling the rule.
@Suite("Hostile input through every text field")
struct HostileInputTests {
    /// The strings every field is sent; those depending on the field's limit are made per field.
    static func corpus(max: Int) -> [(name: String, text: String)] {
        let family = "👨‍👩‍👧"
        return [
            ("sql", "'; DROP TABLE clients; --"),
            ("sql-delete", "Robert'); DELETE FROM audit_events WHERE ('1'='1"),
            ("script", "<script>window.__pwned=1</script>"),
            ("img-onerror", "\"><img src=x onerror=alert(1)>"),
            ("mustache", "{{#lambda}}{{{raw}}}{{/lambda}} {{> partial}} {{=<% %>=}}"),
            ("csv-formula", "=HYPERLINK(\"http://evil.example\",\"x\")"),
            ("csv-dde", "+cmd|' /C calc'!A0"),
            ("csv-at", "@SUM(1+1)"),
            ("emoji", "\(family) 🇳🇿 👋🏽 ❤️"),
            ("persian-zwnj", "می‌خواهم آرام باشم"),
            ("hebrew-rlm", "שלום\u{200F}! עולם"),
            ("arabic-alm", "مرحبا\u{061C} بالعالم"),
            ("joiners", "a\u{200D}b\u{200C}c\u{200E}d"),
            ("nul", "before\u{0}after"),
            ("bell", "ring\u{7}ring"),
            ("c1-nel", "next\u{85}line"),
            ("rlo", "invoice\u{202E}fdp.exe"),
            ("lri", "isolate\u{2066}inside\u{2069}"),
            ("newline", "line one\nline two"),
            ("tab", "column\tcolumn"),
            ("nfc-at-limit", String(repeating: "é", count: max)),
            ("nfc-past-limit", String(repeating: "é", count: max + 1)),
            ("nfd-at-limit", String(repeating: "e\u{301}", count: max / 2)),
            ("nfd-past-limit", String(repeating: "e\u{301}", count: max / 2 + 1)),
            ("emoji-at-limit", String(repeating: family, count: max / 5)),
            ("emoji-past-limit", String(repeating: family, count: max / 5 + 1)),
            ("mebibyte", String(repeating: "a", count: 1 << 20)),
        ]
    }

    /// What the rule says of a text in a field: accepted, or refused.
    static func accepted(_ text: String, min: Int, max: Int, lines: TextRule.Lines) -> Bool {
        let scalars = text.unicodeScalars
        let forbidden = scalars.contains { s in
            let v = s.value
            if v == 0x0A || v == 0x09 { return lines == .single }
            return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        return !forbidden && scalars.count >= min && scalars.count <= max
    }

    /// One text field of one route.
    struct Field {
        let name: String
        let min: Int
        let max: Int
        let lines: TextRule.Lines
        /// Its value is given a shape beyond the text rule (an email, a phone number): only "no 5xx" and "refused
        /// names the field" are checked.
        var shaped = false
        /// The route can take the field once only: refusals are tried first, then one accepted text.
        var once = false
        /// Sends the text; answers the status and the error's field.
        let send: @Sendable (String) async throws -> (status: HTTPResponse.Status, json: [String: Any]?)
        /// Where an accepted text is read back.
        let readBack: String
    }

    static func contains(_ value: Any, _ text: String) -> Bool {
        switch value {
        case let s as String: s == text
        case let a as [Any]: a.contains { Self.contains($0, text) }
        case let d as [String: Any]: d.values.contains { Self.contains($0, text) }
        default: false
        }
    }

    @Test("Every API text field × the hostile corpus: no 5xx, an exact round trip when accepted, a 422 naming the field when not")
    func corpusThroughTheAPI() async throws {
        try await withApp { b, clock in
            let (maya, e, next) = try await PortalTests.practice(b, clock: clock)
            let engagement = try #require(try await b.api(.get, "/api/v1/engagements/\(e)", token: maya).json)
            let client = try #require(engagement["clientId"] as? String)
            let (done, step) = try await PortalTests.firstSessionAndStep(b, token: maya, engagement: e)
            // The client signs up and makes an app token for the portal's API.
            let invitation = try await PortalTests.invite(b, token: maya, engagement: e)
            let jordan = try await PortalTests.appToken(b, invitation: invitation, email: "jordan@example.org")
            b.cookies.withLock { $0 = [:] }
            _ = try await b.signIn("maya@example.org")

            @Sendable func send(_ method: HTTPRequest.Method, _ path: String, _ token: String, _ body: [String: Any]) async throws -> (
                status: HTTPResponse.Status, json: [String: Any]?
            ) {
                let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                let answer = try await b.api(method, path, token: token, json: json)
                return (answer.status, answer.json)
            }
            @Sendable func id(_ answer: (status: HTTPResponse.Status, json: [String: Any]?)) throws -> String {
                try #require(answer.json?["id"] as? String, "\(answer.status) \(answer.json ?? [:])")
            }
            let today = String(ISO8601DateFormatter().string(from: clock.now).prefix(10))
            _ = try await send(.post, "/api/v1/sessions/\(next)/start", maya, [:])
            let marker = try id(try await send(.post, "/api/v1/sessions/\(next)/markers", maya, ["kind": "insight"]))
            let crossing = try id(
                try await send(
                    .post, "/api/v1/engagements/\(e)/boundary-crossings", maya,
                    ["date": today, "kind": "gift", "rationale": "A card at the end of a long piece of work."]))
            let incident = try id(
                try await send(
                    .post, "/api/v1/engagements/\(e)/boundary-incidents", maya,
                    ["date": today, "kind": "otherExploitation", "description": "Described for the test."]))
            // A second client, whose engagement is opened (once) by the goals field and then paused (once).
            let other = try id(try await send(.post, "/api/v1/clients", maya, ["displayName": "Sam Rivera"]))
            let otherEngagement = Mutex<String?>(nil)
            // A session to skip the agreement in (once), and one ended for addenda.
            let skipping = try id(try await send(.post, "/api/v1/engagements/\(e)/sessions", maya, ["scheduledAt": "2027-02-05T09:00:00Z"]))
            let upcoming = try id(try await send(.post, "/api/v1/engagements/\(e)/sessions", maya, ["scheduledAt": "2027-02-12T09:00:00Z"]))
            let session = "/api/v1/sessions/\(next)"

            let fields: [Field] = [
                Field(
                    name: "displayName", min: 1, max: ClientDraft.maximumNameLength, lines: .single,
                    send: { try await send(.patch, "/api/v1/clients/\(client)", maya, ["displayName": $0]) }, readBack: "/api/v1/clients/\(client)"),
                Field(
                    name: "displayName", min: 1, max: ClientDraft.maximumNameLength, lines: .single,
                    send: { try await send(.post, "/api/v1/clients", maya, ["displayName": $0]) }, readBack: "/api/v1/clients?limit=100"),
                Field(
                    name: "email", min: 1, max: 254, lines: .single, shaped: true,
                    send: { try await send(.patch, "/api/v1/clients/\(client)", maya, ["email": $0]) }, readBack: "/api/v1/clients/\(client)"),
                Field(
                    name: "phone", min: 1, max: 30, lines: .single, shaped: true,
                    send: { try await send(.patch, "/api/v1/clients/\(client)", maya, ["phone": $0]) }, readBack: "/api/v1/clients/\(client)"),
                Field(
                    name: "goals", min: 1, max: EngagementContract.maximumGoalLength, lines: .multiple, once: true,
                    send: {
                        let answer = try await send(.post, "/api/v1/clients/\(other)/engagements", maya, ["role": "therapy", "goals": [$0]])
                        if let made = answer.json?["id"] as? String { otherEngagement.withLock { $0 = made } }
                        return answer
                    }, readBack: "/api/v1/clients/\(other)/engagements"),
                Field(
                    name: "reason", min: 5, max: CoachingPause.reasonLimit, lines: .multiple, once: true,
                    send: {
                        let target = otherEngagement.withLock { $0 } ?? e
                        return try await send(.post, "/api/v1/engagements/\(target)/pause", maya, ["reason": $0])
                    }, readBack: "/api/v1/clients/\(other)/engagements"),
                Field(
                    name: "reason", min: ScreeningOverride.minimumReason, max: ScreeningOverride.maximumReason, lines: .multiple,
                    send: { text in
                        let care = try JSONSerialization.jsonObject(with: Data(EngagementTests.withCare.utf8)) as! [String: Any]
                        let screening = try id(try await send(.post, "/api/v1/engagements/\(e)/screenings", maya, care))
                        return try await send(.post, "/api/v1/screenings/\(screening)/override", maya, ["result": "coachable", "reason": text])
                    }, readBack: "/api/v1/engagements/\(e)/screenings"),
                Field(
                    name: "rationale", min: BoundaryRules.minimumRationale, max: BoundaryRules.maximumText, lines: .multiple,
                    send: {
                        try await send(.post, "/api/v1/engagements/\(e)/boundary-crossings", maya, ["date": today, "kind": "gift", "rationale": $0])
                    },
                    readBack: "/api/v1/engagements/\(e)/boundary-crossings"),
                Field(
                    name: "clientResponse", min: 1, max: BoundaryRules.maximumText, lines: .multiple,
                    send: {
                        try await send(
                            .post, "/api/v1/engagements/\(e)/boundary-crossings", maya,
                            ["date": today, "kind": "gift", "rationale": "A card at the end of a long piece of work.", "clientResponse": $0])
                    }, readBack: "/api/v1/engagements/\(e)/boundary-crossings"),
                Field(
                    name: "description", min: 10, max: BoundaryRules.maximumText, lines: .multiple,
                    send: {
                        try await send(
                            .post, "/api/v1/engagements/\(e)/boundary-incidents", maya,
                            ["date": today, "kind": "otherExploitation", "description": $0])
                    }, readBack: "/api/v1/engagements/\(e)/boundary-incidents"),
                Field(
                    name: "text", min: 5, max: BoundaryRules.maximumText, lines: .multiple,
                    send: { try await send(.post, "/api/v1/boundary-crossings/\(crossing)/addenda", maya, ["text": $0]) },
                    readBack: "/api/v1/engagements/\(e)/boundary-crossings"),
                Field(
                    name: "text", min: 5, max: BoundaryRules.maximumText, lines: .multiple,
                    send: { try await send(.post, "/api/v1/boundary-incidents/\(incident)/addenda", maya, ["text": $0]) },
                    readBack: "/api/v1/engagements/\(e)/boundary-incidents"),
                Field(
                    name: "clientWords", min: 1, max: SessionAgreement.maximumLength, lines: .multiple,
                    send: { try await send(.put, "\(session)/agreement", maya, ["clientWords": $0, "focus": "Evenings"]) }, readBack: session),
                Field(
                    name: "focus", min: 1, max: SessionAgreement.maximumLength, lines: .multiple,
                    send: { try await send(.put, "\(session)/agreement", maya, ["clientWords": "Sleep again", "focus": $0]) }, readBack: session),
                Field(
                    name: "text", min: 1, max: Session.progressNotesLimit, lines: .multiple,
                    send: { try await send(.put, "\(session)/progress-notes", maya, ["text": $0]) }, readBack: session),
                Field(
                    name: "text", min: 1, max: Marker.maximumText, lines: .single,
                    send: { try await send(.post, "\(session)/markers", maya, ["kind": "insight", "text": $0]) }, readBack: session),
                Field(
                    name: "text", min: 1, max: Marker.maximumText, lines: .single,
                    send: { try await send(.patch, "/api/v1/markers/\(marker)", maya, ["text": $0]) }, readBack: session),
                Field(
                    name: "note", min: 1, max: Redirect.noteLimit, lines: .multiple,
                    send: { try await send(.post, "\(session)/redirects", maya, ["note": $0]) }, readBack: session),
                Field(
                    name: "text", min: 1, max: Takeaway.maximumText, lines: .multiple,
                    send: { try await send(.post, "\(session)/takeaways", maya, ["text": $0, "source": "client"]) }, readBack: session),
                Field(
                    name: "text", min: 1, max: ActionStep.maximumText, lines: .single,
                    send: { try await send(.post, "\(session)/action-steps", maya, ["text": $0]) }, readBack: session),
                Field(
                    name: "note", min: 1, max: ClientCheck.maximumNote, lines: .multiple,
                    send: { try await send(.post, "/api/v1/portal/action-steps/\(step)/check", jordan, ["status": "done", "note": $0]) },
                    readBack: "/api/v1/sessions/\(done)"),
                Field(
                    name: "clientWords", min: 1, max: ActionReview.maximumClientWords, lines: .multiple, once: true,
                    send: { try await send(.post, "/api/v1/action-steps/\(step)/review", maya, ["status": "partly", "clientWords": $0]) },
                    readBack: session),
                Field(
                    name: "text", min: 5, max: Question.maximumText, lines: .single,
                    send: { try await send(.post, "/api/v1/questions", maya, ["phase": "work", "purpose": "raiseStakes", "text": $0]) },
                    readBack: "/api/v1/questions?phase=work"),
                Field(
                    name: "skipAgreementReason", min: SessionFlow.minimumSkipReason, max: SessionFlow.maximumSkipReason, lines: .multiple, once: true,
                    send: { text in
                        _ = try await send(.post, "/api/v1/sessions/\(skipping)/start", maya, [:])
                        return try await send(.post, "/api/v1/sessions/\(skipping)/phase", maya, ["phase": "work", "skipAgreementReason": text])
                    }, readBack: "/api/v1/sessions/\(skipping)"),
                Field(
                    name: "level0", min: 1, max: GoalScale.maximumLevelText, lines: .single, once: true,
                    send: {
                        try await send(
                            .post, "/api/v1/engagements/\(e)/goal-scales", maya, ["goal": 1, "weight": 1, "levels": [$0, "b", "c", "d", "e"]])
                    }, readBack: "/api/v1/engagements/\(e)/goal-scales"),
                Field(
                    name: "text", min: 1, max: Intention.maximumLength, lines: .multiple,
                    send: { try await send(.put, "/api/v1/portal/sessions/\(upcoming)/intention", jordan, ["text": $0]) },
                    readBack: "/api/v1/sessions/\(upcoming)"),
            ]

            var tried = 0
            for field in fields {
                var corpus = Self.corpus(max: field.max).map {
                    ($0.name, $0.text, Self.accepted($0.text, min: field.min, max: field.max, lines: field.lines))
                }
                if field.once { corpus.sort { !$0.2 && $1.2 } }
                for (name, text, expected) in corpus {
                    let answer = try await field.send(text)
                    tried += 1
                    let label = "\(field.name) ← \(name) (\(text.unicodeScalars.count) scalars): \(answer.status)"
                    #expect(answer.status.code < 500, "\(label)")
                    let error = answer.json?["error"] as? [String: Any]
                    if answer.status.code < 300 {
                        #expect(field.shaped || expected, "\(label) accepted, though the rule refuses it")
                        if !field.shaped {
                            let read = try await b.api(.get, field.readBack, token: maya)
                            #expect(Self.contains(read.json ?? [:], text), "\(label): read back exactly from \(field.readBack)")
                        }
                        if field.once { break }
                    } else if answer.status == .contentTooLarge {
                        #expect(!expected, "\(label)")
                    } else {
                        #expect(field.shaped || !expected, "\(label) refused, though the rule accepts it: \(error ?? [:])")
                        #expect(answer.status == .unprocessableContent, "\(label)")
                        #expect((error?["field"] as? String)?.hasPrefix(field.name) == true, "\(label) names \(field.name): \(error ?? [:])")
                    }
                }
            }
            #expect(tried > 600)
            print("hostile corpus, API: \(tried) requests (\(fields.count) fields × up to 27 strings), no 5xx")
        }
    }

    /// One text field of one form: where it is posted, its other fields, and the page that shows it afterwards.
    struct FormField {
        let name: String
        let min: Int
        let max: Int
        let lines: TextRule.Lines
        let path: String
        var others: [String: String] = [:]
        /// The page that shows the value; when nil, the page the form redirects to.
        var shownOn: String? = nil
    }

    /// The ids the page's error summary links to.
    static func summaryLinks(_ page: String) -> [String] {
        guard let start = page.range(of: "class=\"error-summary\""), let end = page[start.upperBound...].range(of: "</div>") else { return [] }
        let summary = page[start.upperBound..<end.lowerBound]
        return summary.matches(of: /href="#([^"]+)"/).map { String($0.1) }
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    @Test("The forms × the hostile corpus: no 5xx, accepted text shown escaped, refused text re-shown with the field's error")
    func corpusThroughTheForms() async throws {
        try await withApp { b, clock in
            let (maya, e, next) = try await PortalTests.practice(b, clock: clock)
            let (_, step) = try await PortalTests.firstSessionAndStep(b, token: maya, engagement: e)
            _ = try await b.api(.post, "/api/v1/sessions/\(next)/start", token: maya)
            let marker = try #require(
                try await b.api(.post, "/api/v1/sessions/\(next)/markers", token: maya, json: #"{"kind": "insight"}"#).json?["id"] as? String)
            let upcoming = try #require(
                try await b.api(.post, "/api/v1/engagements/\(e)/sessions", token: maya, json: #"{"scheduledAt": "2027-02-12T09:00:00Z"}"#).json?[
                    "id"]
                    as? String)
            let live = "/sessions/\(next)"
            let practitioner: [FormField] = [
                FormField(name: "displayName", min: 1, max: ClientDraft.maximumNameLength, lines: .single, path: "/clients"),
                FormField(
                    name: "clientWords", min: 1, max: SessionAgreement.maximumLength, lines: .multiple, path: "\(live)/agreement",
                    others: ["focus": "Evenings"]),
                FormField(
                    name: "focus", min: 1, max: SessionAgreement.maximumLength, lines: .multiple, path: "\(live)/agreement",
                    others: ["clientWords": "Sleep again"]),
                FormField(name: "progressNotes", min: 1, max: Session.progressNotesLimit, lines: .multiple, path: "\(live)/progress"),
                FormField(name: "text", min: 1, max: Marker.maximumText, lines: .single, path: "\(live)/markers", others: ["kind": "insight"]),
                FormField(
                    name: "text", min: 1, max: Marker.maximumText, lines: .single, path: "/markers/\(marker)",
                    others: ["session": next], shownOn: live),
                FormField(name: "note", min: 1, max: Redirect.noteLimit, lines: .multiple, path: "\(live)/redirects"),
                FormField(
                    name: "takeawayText", min: 1, max: Takeaway.maximumText, lines: .multiple, path: "\(live)/takeaways",
                    others: ["source": "client"]),
                FormField(name: "stepText", min: 1, max: ActionStep.maximumText, lines: .single, path: "\(live)/action-steps"),
            ]
            var tried = 0
            func run(_ fields: [FormField], refresh: String) async throws {
                for field in fields {
                    for (name, text) in Self.corpus(max: field.max) {
                        let expected = Self.accepted(text, min: field.min, max: field.max, lines: field.lines)
                        try await b.get(refresh)
                        var values = field.others
                        values[field.name] = text
                        let page = try await b.post(field.path, values)
                        tried += 1
                        let label = "\(field.path) \(field.name) ← \(name): \(page.status)"
                        #expect(page.status.code < 500, "\(label)")
                        #expect(!page.body.contains("<script>window.__pwned"), "\(label): nothing executable in the page")
                        if page.status == .seeOther {
                            #expect(expected, "\(label) accepted, though the rule refuses it")
                            let target = field.shownOn ?? String((page.location ?? "/").split(separator: "#")[0])
                            let shown = try await b.get(target)
                            #expect(shown.body.contains(Self.escaped(text)), "\(label): shown escaped on \(target)")
                            #expect(!shown.body.contains("<script>window.__pwned"), "\(label): nothing executable on \(target)")
                        } else if page.status == .contentTooLarge {
                            #expect(!expected, "\(label)")
                        } else {
                            #expect(!expected, "\(label) refused, though the rule accepts it")
                            #expect(page.status == .unprocessableContent, "\(label)")
                            let links = Self.summaryLinks(page.body)
                            #expect(!links.isEmpty, "\(label): the error summary names the field")
                            for id in links { #expect(page.body.contains("id=\"\(id)\""), "\(label): the summary's link #\(id) has a target") }
                        }
                    }
                }
            }
            try await run(practitioner, refresh: live)

            // The client's two forms in the portal.
            let invitation = try await PortalTests.invite(b, token: maya, engagement: e)
            b.cookies.withLock { $0 = [:] }
            try await b.get(invitation)
            _ = try await b.post(invitation, ["email": "jordan@example.org", "password": "a calm river at dawn"])
            let portal: [FormField] = [
                FormField(
                    name: "text", min: 1, max: Intention.maximumLength, lines: .multiple, path: "/portal/sessions/\(upcoming)/intention",
                    shownOn: "/portal"),
                FormField(
                    name: "note", min: 1, max: ClientCheck.maximumNote, lines: .multiple, path: "/portal/action-steps/\(step)/check",
                    others: ["status": "done"], shownOn: "/portal"),
            ]
            try await run(portal, refresh: "/portal")
            #expect(tried > 250)
            print("hostile corpus, forms: \(tried) posts (\(practitioner.count + portal.count) fields × 27 strings), no 5xx")
        }
    }
}
