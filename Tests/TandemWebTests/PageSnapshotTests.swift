import Foundation
import Hummingbird
import Testing
import TandemCore

@testable import TandemWeb

/// Each page rendered from a fixed view model and compared with the HTML committed under __Snapshots__. A misspelt
/// template key renders blank and changes the HTML, so it fails here. Record again with TANDEM_RECORD_SNAPSHOTS=1.
@Suite("Page snapshots")
struct PageSnapshotTests {
    static let shell = Shell(
        title: "Clients", practiceName: "Riverside Practice", account: .init(name: "Amy Lin", roleLabel: "Practitioner"),
        nav: [.init(label: "Clients", href: "/clients", current: true), .init(label: "Account", href: "/account", current: false)],
        csrf: "CSRF-TOKEN", flash: "Client added."
    )
    static let signedOut = Shell(title: "Sign in", practiceName: "Riverside Practice", account: nil, nav: [], csrf: "CSRF-TOKEN", flash: nil)
    static let errors = [FieldError(field: "email", message: "Email must look like name@example.org.")]

    func render(_ page: some PageModel) async throws -> String {
        try await Views.load().html(page)
    }

    func assertSnapshot(_ html: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        let file = folder.appendingPathComponent(name + ".html")
        if ProcessInfo.processInfo.environment["TANDEM_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("Recorded the snapshot \(name).html; check it and run the tests again.", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(html == expected, "\(name).html differs from the committed snapshot", sourceLocation: sourceLocation)
    }

    @Test func clientList() async throws {
        let page = ClientPagesController.ListPage(
            shell: Self.shell, canAdd: true, readOnlyNote: nil, query: "jor",
            statusOptions: [.init(value: "active", label: "Active", selected: true), .init(value: "all", label: "All", selected: false)],
            showPractitioner: false, hasRows: true,
            rows: [.init(href: "/clients/1", name: "Jordan Avery", practitioner: "Amy Lin", status: "Active", statusClass: "active", added: "2026-11-25")],
            emptyMessage: "", nextHref: "/clients?after=abc"
        )
        try self.assertSnapshot(try await self.render(page), "clients")
    }

    @Test func clientRecord() async throws {
        let page = ClientPagesController.RecordPage(
            shell: Self.shell, name: "Jordan Avery", status: "Active", statusClass: "active", readOnlyNote: nil, email: "jordan@example.org",
            phone: "—", dateOfBirth: "1990-04-01", practitioner: "Amy Lin", added: "2026-11-25 09:00:00 UTC", updated: "2026-11-25 09:05:00 UTC",
            canEdit: true, isActive: true, editHref: "/clients/1/edit", dischargeHref: "/clients/1/discharge", reopenHref: "/clients/1/reopen"
        )
        try self.assertSnapshot(try await self.render(page), "client")
    }

    @Test func clientFormWithErrors() async throws {
        let page = ClientPagesController.FormPage(
            shell: Self.shell, heading: "Add a client", action: "/clients", submitLabel: "Add client", backHref: "/clients", backLabel: "Clients",
            errorSummary: ErrorSummary(Self.errors),
            fields: [
                FormField("displayName", "Name", value: "Jordan", errors: Self.errors, required: true, maxLength: 200),
                FormField("email", "Email", type: "email", value: "nope", errors: Self.errors),
            ]
        )
        try self.assertSnapshot(try await self.render(page), "client-form")
    }

    @Test func signIn() async throws {
        let page = SignInController.SignInPage(
            shell: Self.signedOut, message: "The email or password is not right.", next: "/clients",
            fields: [FormField("email", "Email", type: "email", value: "amy@example.org", required: true), FormField("password", "Password", type: "password", value: "secret", required: true)]
        )
        let html = try await self.render(page)
        #expect(!html.contains("secret"), "a password is never sent back")
        try self.assertSnapshot(html, "signin")
    }

    @Test func account() async throws {
        let page = AccountController.AccountPage(
            shell: Self.shell, name: "Amy Lin", email: "amy@example.org", role: "Practitioner", licence: "LCSW 12345, Maryland", newToken: "tdm_example",
            hasTokens: true, tokens: [.init(name: "script", created: "2026-11-25 09:00:00 UTC", lastUsed: "never", state: "Active", revokeHref: "/account/tokens/1/revoke")],
            tokenFields: [FormField("tokenName", "Label for a new token", required: true)], errorSummary: nil,
            passwordFields: [FormField("currentPassword", "Current password", type: "password", required: true)]
        )
        try self.assertSnapshot(try await self.render(page), "account")
    }

    @Test func audit() async throws {
        let page = AuditController.AuditPage(
            shell: Self.shell,
            rows: [.init(at: "2026-11-25 09:00:00 UTC", who: "Ben Ode", action: "client.view", record: "client 1a2b3c4d", outcome: "Denied", outcomeClass: "denied")],
            nextHref: "/audit?before=10"
        )
        try self.assertSnapshot(try await self.render(page), "audit")
    }
}
