import Foundation
import TandemApp
import TandemCore

/// The request bodies of the API, each a `Decodable` command whose `CodingKeys` name the fields it takes, once.
/// `JSON.command` refuses any other key and any value of the wrong type, naming the field; the rules of each value
/// (lengths, ranges, dates) are Core's, checked by the use case.

/// A whole number in a request body. JSON has one number type, so it is read as a number and refused, naming the
/// field, if it has a fraction or is out of any sensible range (the range of each field is Core's).
struct Whole: Decodable {
    let value: Int

    init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Double.self)
        guard number.rounded() == number, abs(number) < 1e9 else {
            let field = JSON.field(decoder.codingPath)
            throw TandemError.invalid(field, "\(field) must be a whole number.")
        }
        self.value = Int(number)
    }

    /// As text, for a Core draft that checks its range.
    var text: String { String(self.value) }
}

/// An action that takes no fields (`{}` or an empty body).
struct NoFields: APICommand {
    enum CodingKeys: CodingKey, CaseIterable {}
}

struct NewClient: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case displayName, email, phone, dateOfBirth }
    let displayName: String?
    let email: String?
    let phone: String?
    let dateOfBirth: String?

    var draft: ClientDraft { ClientDraft(displayName: self.displayName, email: self.email, phone: self.phone, dateOfBirth: self.dateOfBirth) }
}

/// A partial change: a field left out keeps its value, `null` clears it, a string sets it.
struct ClientChange: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case displayName, email, phone, dateOfBirth, status }
    let patch: ClientPatch
    let status: ClientStatus?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func change(_ key: CodingKeys) throws -> ClientPatch.Change<String> {
            guard c.contains(key) else { return .keep }
            return .set(try c.decodeNil(forKey: key) ? nil : c.decode(String.self, forKey: key))
        }
        var patch = ClientPatch()
        patch.displayName = try change(.displayName)
        patch.email = try change(.email)
        patch.phone = try change(.phone)
        patch.dateOfBirth = try change(.dateOfBirth)
        if case .set(nil) = patch.displayName { throw TandemError.invalid("displayName", "Name is required.") }
        self.patch = patch
        if c.contains(.status), try c.decodeNil(forKey: .status) {
            throw TandemError.invalid("status", "status must be active or discharged, not null (leave it out to keep it).")
        }
        if let raw = try c.decodeIfPresent(String.self, forKey: .status) {
            guard let status = ClientStatus(rawValue: raw) else { throw TandemError.invalid("status", "status must be active or discharged.") }
            self.status = status
        } else {
            self.status = nil
        }
    }
}

struct NewEngagement: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case role, plannedSessions, goals, startDate, reviewDate, practitionerId }
    let role: String?
    let plannedSessions: Whole?
    let goals: [String]?
    let startDate: String?
    let reviewDate: String?
    let practitionerId: String?

    var draft: EngagementDraft {
        EngagementDraft(
            role: self.role, plannedSessions: self.plannedSessions?.text, startDate: self.startDate, reviewDate: self.reviewDate,
            goals: self.goals ?? []
        )
    }
}

struct Reason: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case reason }
    let reason: String?
}

struct NewScreening: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case stability, functioning, followThrough, readiness, importance, confidence, directivePreference, safetyFlags
    }
    let stability: String?
    let functioning: String?
    let followThrough: String?
    let readiness: String?
    let importance: Whole?
    let confidence: Whole?
    let directivePreference: String?
    let safetyFlags: [String]?

    var draft: ScreeningDraft {
        ScreeningDraft(
            stability: self.stability, functioning: self.functioning, followThrough: self.followThrough, readiness: self.readiness,
            importance: self.importance?.text, confidence: self.confidence?.text, directivePreference: self.directivePreference,
            safetyFlags: self.safetyFlags ?? []
        )
    }
}

struct ScreeningOverrideCommand: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case result, reason }
    let result: String?
    let reason: String?
}

struct NewCrossing: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case date, kind, rationale, clientResponse, consultationSought }
    let date: String?
    let kind: String?
    let rationale: String?
    let clientResponse: String?
    let consultationSought: Bool?
}

struct NewIncident: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case date, kind, description }
    let date: String?
    let kind: String?
    let description: String?
}

/// One text: an addendum, progress notes, the client's intention.
/// Marking an alert reviewed: `{"note": what was done}`.
struct AlertReviewNote: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case note }
    let note: String?
}

/// "How far did we get?": `{"rating": 0…10}`.
struct HowFarRating: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case rating }
    let rating: Whole?
}

struct Text: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case text }
    let text: String?
}

struct NewMeasure: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case instrument, answers, administeredAt }
    let instrument: String?
    let answers: [Whole?]?
    let administeredAt: String?

    /// The answers, null marking an item left unanswered.
    var items: [Int?] { (self.answers ?? []).map { $0?.value } }

    /// The time it was administered, if given; a text that is not an ISO 8601 instant is a field error.
    func instant() throws -> Date? {
        let (at, problem) = JSON.instant(self.administeredAt, field: "administeredAt")
        if let problem { throw TandemError.invalid("administeredAt", problem) }
        return at
    }
}

/// A questionnaire answered in the portal (its time is now).
struct PortalMeasure: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case instrument, answers }
    let instrument: String?
    let answers: [Whole?]?

    var items: [Int?] { (self.answers ?? []).map { $0?.value } }
}

struct NewGoalScale: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case goal, levels, weight }
    let goal: Whole?
    let levels: [String]?
    let weight: Whole?
}

struct NewGoalReview: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case ratings }
    struct Rating: APICommand {
        enum CodingKeys: String, CodingKey, CaseIterable { case goalScaleId, level }
        let goalScaleId: String?
        let level: Whole?
    }
    let ratings: [Strict<Rating>]?

    var typed: [(scale: String?, level: Int?)] { (self.ratings ?? []).map { ($0.value.goalScaleId, $0.value.level?.value) } }
}

struct ClientCheckCommand: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case status, note }
    let status: String?
    let note: String?
}

struct NewSession: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case scheduledAt, lengthMinutes, plan }
    struct Plan: APICommand {
        enum CodingKeys: String, CodingKey, CaseIterable { case opening, work, closing }
        let opening: Whole?
        let work: Whole?
        let closing: Whole?
    }
    let scheduledAt: String?
    let lengthMinutes: Whole?
    let plan: Strict<Plan>?

    var draft: SessionDraft {
        let (at, problem) = JSON.instant(self.scheduledAt, field: "scheduledAt")
        // A plan given names all three phases; a phase left out of it is reported by the domain as missing.
        let plan = self.plan?.value
        func minutes(_ value: Whole?) -> String? { plan == nil ? nil : value?.text ?? "" }
        return SessionDraft(
            scheduledAt: at, scheduledAtProblem: problem, lengthMinutes: self.lengthMinutes?.text, opening: minutes(plan?.opening),
            work: minutes(plan?.work), closing: minutes(plan?.closing)
        )
    }
}

struct PhaseMove: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case phase, skipAgreementReason }
    let phase: String?
    let skipAgreementReason: String?
}

struct Agreement: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case clientWords, focus }
    let clientWords: String?
    let focus: String?
}

struct NewMarker: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case kind, text, namedBy, highlighted }
    let kind: String?
    let text: String?
    let namedBy: String?
    let highlighted: Bool?

    var command: RecordMarker { RecordMarker(kind: self.kind, text: self.text, namedBy: self.namedBy, highlighted: self.highlighted ?? false) }
}

/// The words, voice or highlight added after the keystroke: a field left out keeps its value; `"text": null` clears
/// the words.
struct MarkerChange: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case text, namedBy, highlighted }
    let text: String??
    let namedBy: String?
    let highlighted: Bool?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.text = c.contains(.text) ? .some(try c.decodeNil(forKey: .text) ? nil : c.decode(String.self, forKey: .text)) : .none
        self.namedBy = try c.decodeIfPresent(String.self, forKey: .namedBy)
        self.highlighted = try c.decodeIfPresent(Bool.self, forKey: .highlighted)
    }
}

struct RedirectCommand: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case note }
    let note: String?
}

struct AskQuestion: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case questionId }
    let questionId: String?
}

struct NewTakeaway: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case text, source, permissionAsked }
    let text: String?
    let source: String?
    let permissionAsked: Bool?
}

struct NewActionStep: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case text, due }
    let text: String?
    let due: String?
}

struct StepReview: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case status, clientWords }
    let status: String?
    let clientWords: String?
}

struct NewQuestion: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case phase, purpose, text }
    let phase: String?
    let purpose: String?
    let text: String?
}

/// A supervisor's review of a signed note: `cosign` (the default) or `return`, and a comment (needed to return it).
struct NoteReviewCommand: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case decision, comment }
    let decision: String?
    let comment: String?
}

struct NewNote: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case format }
    let format: String?
}

struct NoteEdit: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case sections }
    struct Section: APICommand {
        enum CodingKeys: String, CodingKey, CaseIterable { case title, text }
        let title: String?
        let text: String?
    }
    let sections: [Strict<Section>]?

    /// The sections as sent; a missing title or text is the empty string, which the rule refuses by its field.
    var typed: [NoteSection]? { self.sections?.map { NoteSection(title: $0.value.title ?? "", text: $0.value.text ?? "") } }
}

struct ConsentCommand: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case method }
    let method: String?
}

struct PortalConsent: APICommand {
    enum CodingKeys: String, CodingKey, CaseIterable { case typedName }
    let typedName: String?
}
