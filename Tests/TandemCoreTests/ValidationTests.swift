import Foundation
import Testing

@testable import TandemCore

@Suite("Field validation")
struct ValidationTests {
    let today = LocalDate(year: 2026, month: 11, day: 25)!

    @Test("A calendar date parses only as a real YYYY-MM-DD date")
    func localDates() {
        #expect(LocalDate("2024-02-29")?.description == "2024-02-29")
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("2023-13-01") == nil)
        #expect(LocalDate("2023-1-01") == nil)
        #expect(LocalDate("23-01-01") == nil)
        #expect(LocalDate("2023-01-01T00:00") == nil)
        #expect(LocalDate("２０２３-01-01") == nil, "full-width digits are not accepted")
        #expect(LocalDate("1900-02-29") == nil, "1900 was not a leap year")
        #expect(LocalDate("2000-02-29") != nil, "2000 was")
        #expect(LocalDate(year: 2024, month: 1, day: 2)! < LocalDate(year: 2024, month: 1, day: 10)!)
    }

    @Test("A client needs a name of 1 to 200 characters")
    func clientName() throws {
        #expect(throws: TandemError.invalid("displayName", "Name is required.")) { try ClientDraft(displayName: "").validated(today: today) }
        #expect(throws: TandemError.invalid("displayName", "Name must hold more than spaces.")) {
            try ClientDraft(displayName: " \u{3000} ").validated(today: today)
        }
        #expect(throws: TandemError.self) { try ClientDraft(displayName: String(repeating: "x", count: 201)).validated(today: today) }
        let ok = try ClientDraft(displayName: " Jordan Avery ").validated(today: today)
        #expect(ok.displayName == " Jordan Avery ", "kept exactly as given (the forms trim what a person typed)")
        #expect(throws: TandemError.self) { try ClientDraft(displayName: String(repeating: "e\u{301}", count: 101)).validated(today: today) }
        #expect(try ClientDraft(displayName: String(repeating: "é", count: 200)).validated(today: today).displayName.count == 200)
    }

    @Test("Every field error is reported at once, each naming its field")
    func allErrorsAtOnce() {
        do {
            _ = try ClientDraft(displayName: "", email: "nope", phone: "12", dateOfBirth: "2030-01-01").validated(today: today)
            Issue.record("expected a validation error")
        } catch {
            guard case .validation(let errors) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(errors.map(\.field) == ["displayName", "email", "phone", "dateOfBirth"])
            #expect(errors[3].message == "Date of birth cannot be after 2026-11-25.")
        }
    }

    @Test(
        "Optional fields: empty becomes nil; email is lower-cased",
        arguments: [
            ("a@b.co", true), ("first.last+tag@clinic.example.org", true), ("no-at-sign", false), ("two@@example.org", false),
            ("space in@example.org", false), ("a@nodot", false), ("a@-bad.org", false), ("@example.org", false),
        ])
    func emailShapes(email: String, valid: Bool) {
        #expect(EmailAddress.isValid(email) == valid)
    }

    @Test("Optional client fields")
    func optionalFields() throws {
        let details = try ClientDraft(displayName: "Sam", email: "Sam@Example.ORG", phone: "", dateOfBirth: "1990-04-01").validated(today: today)
        #expect(details.email == "sam@example.org")
        #expect(details.phone == nil)
        #expect(details.dateOfBirth == LocalDate(year: 1990, month: 4, day: 1))
        #expect(throws: TandemError.self) { try ClientDraft(displayName: "Sam", dateOfBirth: "1899-12-31").validated(today: today) }
        #expect(throws: TandemError.self) { try ClientDraft(displayName: "Sam", phone: "call me maybe").validated(today: today) }
        #expect(throws: TandemError.self) { try ClientDraft(displayName: "Bell\u{07}").validated(today: today) }
    }

    @Test("The text rule: scalars counted, controls and direction overrides refused, joiners and marks accepted")
    func textRule() {
        #expect(TextRule.length("e\u{301}") == 2 && TextRule.length("é") == 1 && TextRule.length("👨‍👩‍👧") == 5)
        for ok in ["👨‍👩‍👧 🇳🇿", "می‌خواهم", "שלום\u{200F}!", "مرحبا\u{061C}", "a\u{200D}b\u{200E}c", "{{x}} <b> ' \" ="] {
            #expect(TextRule.problem(in: ok, label: "Note", lines: .single) == nil, "\(ok) is accepted")
        }
        #expect(TextRule.problem(in: "a\u{0}b", label: "Note", lines: .multiple) == "Note must not contain control characters (U+0000 found).")
        #expect(TextRule.problem(in: "a\u{85}b", label: "Note", lines: .multiple) == "Note must not contain control characters (U+0085 found).")
        #expect(
            TextRule.problem(in: "pay\u{202E}fdp", label: "Note", lines: .multiple)
                == "Note must not contain direction overrides or isolates (U+202E found).")
        #expect(TextRule.problem(in: "a\u{2069}", label: "Note", lines: .single) != nil)
        #expect(TextRule.problem(in: "one\ntwo", label: "Note", lines: .single) == "Note must be a single line.")
        #expect(TextRule.problem(in: "one\r\ntwo\tthree", label: "Note", lines: .multiple) == nil)
        #expect(TextRule.problem(in: "a\tb", label: "Note", lines: .single) != nil)
        var v = Validator()
        #expect(v.optional("note", "Note", "", max: 5) == nil)
        _ = v.optional("note", "Note", "  ", max: 5)
        _ = v.required("text", "Text", String(repeating: "é", count: 6), max: 5)
        #expect(v.errors.map(\.message) == ["Note must hold more than spaces, or be left empty.", "Text must be at most 5 characters (it has 6)."])
    }

    @Test("A PATCH keeps absent fields, clears nulls and sets strings")
    func patchSemantics() {
        let client = Client(
            id: .init(), practitionerID: .init(), displayName: "Jordan", email: "j@example.org", phone: "+1 410 555 0100",
            dateOfBirth: LocalDate(year: 1990, month: 1, day: 1), status: .active, createdAt: Date(), updatedAt: Date()
        )
        var patch = ClientPatch()
        patch.email = .set(nil)
        patch.displayName = .set("Jordan A.")
        let draft = patch.applied(to: client)
        #expect(draft == ClientDraft(displayName: "Jordan A.", email: nil, phone: "+1 410 555 0100", dateOfBirth: "1990-01-01"))
    }

    @Test("Typed identifiers parse UUID text and print lower case")
    func identifiers() {
        let id = Client.ID(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!)
        #expect(id.description == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(Client.ID("e621e1f8-c36c-495a-93fc-0c247a3e6e5f") == id)
        #expect(Client.ID("not-a-uuid") == nil)
        #expect(Client.ID("") == nil)
    }
}
