import Foundation
import TandemApp
import TandemCore

/// An optional value written as `null` rather than left out, so every record of a kind has the same keys.
struct Nullable<Value: Encodable>: Encodable {
    let value: Value?
    init(_ value: Value?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

/// `{"items": [...]}`, the shape of every list that is not paged.
struct ItemsJSON<Item: Encodable>: Encodable {
    let items: [Item]
}

/// An engagement as the API shows it: the contract flat beside the coaching state that gates the coaching-edge tools.
struct EngagementJSON: Encodable {
    let id: String
    let clientId: String
    let clientName: String
    let practitionerId: String
    let practitionerName: String
    let role: String
    let status: String
    let startDate: String
    let plannedSessions: Int
    let reviewDate: String
    let goals: [String]
    /// notScreened, coachable, coachableWithCare, notNow, paused or consentNeeded.
    let coaching: String
    /// What stands between the engagement and the coaching-edge tools: screening, consent, liftedPause.
    let coachingMissing: [String]
    let consent: Nullable<ConsentJSON>
    let coachingToolsAvailable: Bool
    let coachingExplanation: String
    let pausedReason: Nullable<String>
    let pausedSince: Nullable<Date>
    let latestScreeningId: Nullable<String>
    let rescreenDue: Bool
    let needsReview: Bool
    let canRecord: Bool
    let createdAt: Date
    let closedAt: Nullable<Date>

    init(_ view: EngagementView) {
        let e = view.engagement
        self.id = e.id.description
        self.clientId = e.clientID.description
        self.clientName = view.item.clientName
        self.practitionerId = e.practitionerID.description
        self.practitionerName = view.item.practitionerName
        self.role = e.role.rawValue
        self.status = e.status.rawValue
        self.startDate = e.contract.startDate.description
        self.plannedSessions = e.contract.plannedSessions
        self.reviewDate = e.contract.reviewDate.description
        self.goals = e.contract.goals
        self.coaching = view.coaching.code
        self.coachingMissing = CoachingState.missing(e, latest: view.latest)
        self.consent = Nullable(e.consent.map(ConsentJSON.init))
        self.coachingToolsAvailable = view.coaching.toolsAvailable
        self.coachingExplanation = view.coaching.explanation
        self.pausedReason = Nullable(e.pause?.reason)
        self.pausedSince = Nullable(e.pause?.since)
        self.latestScreeningId = Nullable(view.latest?.id.description)
        self.rescreenDue = view.rescreenDue
        self.needsReview = e.needsReview
        self.canRecord = view.access == .write && e.status == .open
        self.createdAt = e.createdAt
        self.closedAt = Nullable(e.closedAt)
    }
}

struct ScreeningJSON: Encodable {
    struct OverrideJSON: Encodable {
        let result: String
        let reason: String
        let by: String
        let at: Date
    }
    let id: String
    let engagementId: String
    /// The result in force: the override's when there is one, else the computed one.
    let result: String
    let computedResult: String
    let reasons: [String]
    let safetyFlagged: Bool
    let overridable: Bool
    let stability: String
    let functioning: String
    let followThrough: String
    let readiness: String
    let importance: Int
    let confidence: Int
    let directivePreference: String
    let safetyFlags: [String]
    let override: Nullable<OverrideJSON>
    let screenedBy: String
    let screenedAt: Date

    init(_ s: Screening) {
        let a = s.answers
        self.id = s.id.description
        self.engagementId = s.engagementID.description
        self.result = s.result.rawValue
        self.computedResult = s.outcome.result.rawValue
        self.reasons = s.outcome.reasons
        self.safetyFlagged = s.outcome.safetyFlagged
        self.overridable = !s.outcome.safetyFlagged && s.outcome.result == .coachableWithCare && s.override == nil
        self.stability = a.stability.rawValue
        self.functioning = a.functioning.rawValue
        self.followThrough = a.followThrough.rawValue
        self.readiness = a.readiness.rawValue
        self.importance = a.importance
        self.confidence = a.confidence
        self.directivePreference = a.directivePreference.rawValue
        self.safetyFlags = SafetyFlag.allCases.filter { a.safetyFlags.contains($0) }.map(\.rawValue)
        self.override = Nullable(s.override.map { OverrideJSON(result: $0.result.rawValue, reason: $0.reason, by: $0.by.description, at: $0.at) })
        self.screenedBy = s.screenedBy.description
        self.screenedAt = s.screenedAt
    }
}

struct AddendumJSON: Encodable {
    let id: String
    let text: String
    let recordedBy: String
    let recordedAt: Date

    init(id: String, text: String, recordedBy: String, recordedAt: Date) {
        self.id = id
        self.text = text
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    init(_ a: BoundaryAddendum) {
        self.init(id: a.id.description, text: a.text, recordedBy: a.recordedBy.description, recordedAt: a.recordedAt)
    }
}

struct CrossingJSON: Encodable {
    let id: String
    let engagementId: String
    let date: String
    let kind: String
    let rationale: String
    let clientResponse: Nullable<String>
    let consultationSought: Bool
    let recordedBy: String
    let recordedAt: Date
    let addenda: [AddendumJSON]

    init(_ c: BoundaryCrossing, addenda: [BoundaryAddendum]) {
        self.id = c.id.description
        self.engagementId = c.engagementID.description
        self.date = c.date.description
        self.kind = c.kind.rawValue
        self.rationale = c.rationale
        self.clientResponse = Nullable(c.clientResponse)
        self.consultationSought = c.consultationSought
        self.recordedBy = c.recordedBy.description
        self.recordedAt = c.recordedAt
        self.addenda = addenda.map(AddendumJSON.init)
    }
}

struct IncidentJSON: Encodable {
    let id: String
    let engagementId: String
    let date: String
    let kind: String
    let description: String
    let recordedBy: String
    let recordedAt: Date
    let addenda: [AddendumJSON]

    init(_ i: BoundaryIncident, addenda: [BoundaryAddendum]) {
        self.id = i.id.description
        self.engagementId = i.engagementID.description
        self.date = i.date.description
        self.kind = i.kind.rawValue
        self.description = i.description
        self.recordedBy = i.recordedBy.description
        self.recordedAt = i.recordedAt
        self.addenda = addenda.map(AddendumJSON.init)
    }
}

struct AlertJSON: Encodable {
    let id: String
    let kind: String
    let engagementId: Nullable<String>
    let createdAt: Date

    init(_ a: Alert) {
        self.id = a.id.description
        self.kind = a.kind.rawValue
        self.engagementId = Nullable(a.engagementID?.description)
        self.createdAt = a.createdAt
    }
}

/// The engagement's consent to the coaching edge as it stands.
struct ConsentJSON: Encodable {
    let version: Int
    let method: String
    let givenAt: Date
    let withdrawnAt: Nullable<Date>

    init(_ c: ConsentState) {
        self.version = c.version
        self.method = c.method.rawValue
        self.givenAt = c.at
        self.withdrawnAt = Nullable(c.withdrawnAt)
    }
}

/// `GET /engagements/{id}/consent`: the consent as it stands, what is missing, and the text a consent now agrees to.
struct ConsentStateJSON: Encodable {
    let engagementId: String
    let status: String
    let consent: Nullable<ConsentJSON>
    let coaching: String
    let missing: [String]
    let textVersion: Int
    let text: String

    init(_ view: EngagementView, text: ConsentText) {
        let e = view.engagement
        self.engagementId = e.id.description
        self.status = e.consent == nil ? "none" : e.consentStands ? "given" : "withdrawn"
        self.consent = Nullable(e.consent.map(ConsentJSON.init))
        self.coaching = view.coaching.code
        self.missing = CoachingState.missing(e, latest: view.latest)
        self.textVersion = text.version
        self.text = text.text
    }
}
