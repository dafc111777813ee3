import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import TandemStore
@testable import TandemWeb

@Suite("Client pages: isolation, validation, audit")
struct ClientPagesTests {
    @Test("A practitioner sees only their own clients; another's client answers 404 and is audited as denied")
    func isolation() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.addPractitioner("Amy Lin", "amy@example.org")
            try await b.addPractitioner("Ben Ode", "ben@example.org")
            try await b.signOut()
            #expect(try await b.signIn("amy@example.org").status == .seeOther)
            let id = try await b.addClient("Jordan Avery")
            #expect(try await b.get("/clients/\(id)").body.contains("Jordan Avery"))
            try await b.signOut()

            #expect(try await b.signIn("ben@example.org").status == .seeOther)
            #expect(!(try await b.get("/clients?status=all").body.contains("Jordan Avery")))
            let other = try await b.get("/clients/\(id)")
            #expect(other.status == .notFound)
            #expect(!other.body.contains("Jordan"))
            #expect(try await b.get("/clients/\(id)/edit").status == .notFound)
            let write = try await b.post("/clients/\(id)/edit", ["displayName": "Hijacked"])
            #expect(write.status == .notFound)
            #expect(try await b.post("/clients/\(id)/discharge", [:]).status == .notFound)
            let unknown = UUID().uuidString.lowercased()
            #expect(try await b.get("/clients/\(unknown)").status == .notFound, "a missing record looks the same as a hidden one")
            #expect(try await b.get("/clients/not-a-uuid").status == .notFound)
            try await b.signOut()

            // The owner reads every record but changes only their own.
            #expect(try await b.signIn("ruth@example.org").status == .seeOther)
            let list = try await b.get("/clients")
            #expect(list.body.contains("Jordan Avery"))
            #expect(list.body.contains("Amy Lin"), "the owner's list names each client's practitioner")
            let record = try await b.get("/clients/\(id)")
            #expect(record.status == .ok)
            #expect(!record.body.contains("Edit details"))
            let edit = try await b.post("/clients/\(id)/edit", ["displayName": "Changed by owner"])
            #expect(edit.status == .forbidden)
            #expect(try await b.get("/clients/\(id)").body.contains("Jordan Avery"))

            let audit = try await b.get("/audit")
            #expect(audit.status == .ok)
            #expect(audit.body.contains("client.view"))
            #expect(audit.body.contains("Denied"))
            #expect(audit.body.contains("Ben Ode"))
        }
    }

    @Test("Every read and write of a client leaves an audit event naming who did it")
    func auditTrail() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let id = try await b.addClient("Sam Rivera")
            try await b.get("/clients/\(id)")
            try await b.get("/clients/\(id)/edit")
            try await b.post("/clients/\(id)/edit", ["displayName": "Sam R."])
            try await b.post("/clients/\(id)/discharge", ["confirmed": "yes"])
            try await b.post("/clients/\(id)/reopen", [:])
            try await b.get("/clients")
            let audit = try await b.get("/audit")
            for action in ["client.create", "client.view", "client.update", "client.discharge", "client.reopen", "client.list"] {
                #expect(audit.body.contains("<code>\(action)</code>"), "\(action) is audited")
            }
            #expect(!audit.body.contains("Sam"), "the audit log names no client")
        }
    }

    @Test("Bad input re-renders the form with each field's message and the input kept, and saves nothing")
    func validation() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.get("/clients/new")
            let long = String(repeating: "n", count: 201)
            let page = try await b.post("/clients", ["displayName": long, "email": "nope", "dateOfBirth": "2031-01-01", "phone": "+44 20 7946 0000"])
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("Name must be at most 200 characters (it has 201)."))
            #expect(page.body.contains("Email must look like name@example.org."))
            #expect(page.body.contains("Date of birth cannot be after"))
            #expect(page.body.contains(#"value="+44 20 7946 0000""#))
            #expect(page.body.contains(#"aria-invalid="true""#))
            #expect(page.body.contains(##"<a href="#email">"##), "the summary links to the field")
            #expect(try await b.get("/clients?status=all").body.contains("No clients here yet."))
        }
    }

    @Test("What a person typed is escaped in every page")
    func escaping() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            let id = try await b.addClient("<script>alert('x')</script> & Co")
            let record = try await b.get("/clients/\(id)")
            #expect(!record.body.contains("<script>alert"))
            #expect(record.body.contains("&lt;script&gt;"))
            let list = try await b.get("/clients?q=%3Cscript")
            #expect(list.body.contains("&lt;script&gt;alert"))
            #expect(!list.body.contains("<script>alert"))
        }
    }

    @Test("Search finds by the start of any word of the name; discharged clients are listed under their own filter")
    func searchAndStatus() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            _ = try await b.addClient("Jordan Avery")
            let sam = try await b.addClient("Sam Rivera")
            try await b.get("/clients/\(sam)")
            let asked = try await b.post("/clients/\(sam)/discharge", [:])
            #expect(asked.status == .ok, "discharging asks once first")
            #expect(asked.body.contains("Discharge Sam Rivera?"))
            #expect(asked.body.contains(#"name="confirmed" value="yes""#))
            #expect(try await b.get("/clients").body.contains("Sam Rivera"), "nothing changed by the first step")
            #expect(try await b.post("/clients/\(sam)/discharge", ["confirmed": "yes"]).location == "/clients/\(sam)?done=discharged")
            let active = try await b.get("/clients?q=av")
            #expect(active.body.contains("Jordan Avery"))
            #expect(!active.body.contains("Sam Rivera"))
            let discharged = try await b.get("/clients?status=discharged")
            #expect(discharged.body.contains("Sam Rivera"))
            #expect(!discharged.body.contains("Jordan Avery"))
            #expect(try await b.get("/clients?q=zzz").body.contains("No client&#39;s name contains “zzz”."))
        }
    }

    @Test("The team and audit pages are the owner's; the owner adds practitioners with checked fields")
    func ownerPages() async throws {
        try await withApp { b, _ in
            try await b.setUp()
            try await b.get("/team")
            let bad = try await b.post("/team", ["name": "", "email": "ruth@example.org", "password": "password1234"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Name is required."))
            #expect(bad.body.contains("too common"))
            let dup = try await b.post("/team", ["name": "Ruth Two", "email": "RUTH@example.org", "password": TestClient.password])
            #expect(dup.body.contains("An account with this email already exists."))
            try await b.addPractitioner("Amy Lin", "amy@example.org")
            try await b.signOut()
            _ = try await b.signIn("amy@example.org")
            #expect(try await b.get("/team").status == .forbidden)
            #expect(try await b.get("/audit").status == .forbidden)
            #expect(!(try await b.get("/clients").body.contains(#"href="/team""#)), "no link to what she cannot open")
        }
    }

    @Test("No clinical text reaches the logs, even at trace level: searches, names and SQL binds stay out")
    func logsHoldNoClinicalText() async throws {
        let logs = LogCapture()
        try await withApp(
            { b, _ in
                try await b.setUp()
                let id = try await b.addClient("Quentin Zebulon")
                try await b.get("/clients?q=Zebulon")
                try await b.get("/clients/\(id)")
                try await b.post("/clients/\(id)/edit", ["displayName": "Quentin Zebulon-Smith", "email": "qz@example.org"])
            }, logs: logs)
        let lines = logs.lines.withLock { $0 }
        #expect(lines.contains { $0.hasPrefix("info request") && $0.contains("/clients/{id}") }, "requests are logged, by route pattern")
        #expect(!lines.contains { $0.contains("Zebulon") || $0.contains("qz@example.org") })
    }
}
