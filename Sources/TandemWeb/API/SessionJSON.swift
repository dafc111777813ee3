import Foundation
import TandemApp
import TandemCore

struct PlanJSON: Encodable {
    let opening: Int
    let work: Int
    let closing: Int
    init(_ p: PhasePlan) {
        self.opening = p.opening
        self.work = p.work
        self.closing = p.closing
    }
}

struct MarkerJSON: Encodable {
    let id: String
    let sessionId: String
    let kind: String
    let atSeconds: Int
    let text: Nullable<String>
    let namedBy: String
    let highlighted: Bool
    let recordedAt: Date
    init(_ m: Marker) {
        self.id = m.id.description
        self.sessionId = m.sessionID.description
        self.kind = m.kind.rawValue
        self.atSeconds = m.atSeconds
        self.text = Nullable(m.text)
        self.namedBy = m.namedBy.rawValue
        self.highlighted = m.highlighted
        self.recordedAt = m.recordedAt
    }
}

struct RedirectJSON: Encodable {
    let id: String
    let atSeconds: Int
    let note: Nullable<String>
    let recordedAt: Date
    init(_ r: Redirect) {
        self.id = r.id.description
        self.atSeconds = r.atSeconds
        self.note = Nullable(r.note)
        self.recordedAt = r.recordedAt
    }
}

struct QuestionJSON: Encodable {
    let id: String
    let phase: String
    let purpose: String
    let text: String
    let own: Bool
    init(_ q: Question) {
        self.id = q.id.description
        self.phase = q.phase.rawValue
        self.purpose = q.purpose.rawValue
        self.text = q.text
        self.own = q.ownerID != nil
    }
}

struct QuestionAskedJSON: Encodable {
    let id: String
    let questionId: String
    let text: String
    let atSeconds: Int
    let recordedAt: Date
    init(_ a: QuestionAsked, _ q: Question) {
        self.id = a.id.description
        self.questionId = q.id.description
        self.text = q.text
        self.atSeconds = a.atSeconds
        self.recordedAt = a.recordedAt
    }
}

struct TakeawayJSON: Encodable {
    let id: String
    let text: String
    let source: String
    let permissionAsked: Bool
    let atSeconds: Int
    let recordedAt: Date
    init(_ t: Takeaway) {
        self.id = t.id.description
        self.text = t.text
        self.source = t.source.rawValue
        self.permissionAsked = t.permissionAsked
        self.atSeconds = t.atSeconds
        self.recordedAt = t.recordedAt
    }
}

struct ActionStepJSON: Encodable {
    struct ReviewJSON: Encodable {
        let status: String
        let clientWords: Nullable<String>
        let reviewedAt: Date
        let sessionId: Nullable<String>
    }
    struct ClientCheckJSON: Encodable {
        let status: String
        let note: Nullable<String>
        let at: Date
    }
    let id: String
    let engagementId: String
    let sessionId: String
    let text: String
    let due: Nullable<String>
    let createdAt: Date
    let review: Nullable<ReviewJSON>
    /// The client's own tick in the portal, if any.
    let clientCheck: Nullable<ClientCheckJSON>
    init(_ a: ActionStep, clientCheck: ClientCheck? = nil) {
        self.clientCheck = Nullable(clientCheck.map { ClientCheckJSON(status: $0.status.rawValue, note: Nullable($0.note), at: $0.at) })
        self.id = a.id.description
        self.engagementId = a.engagementID.description
        self.sessionId = a.sessionID.description
        self.text = a.text
        self.due = Nullable(a.due?.description)
        self.createdAt = a.createdAt
        self.review = Nullable(
            a.review.map {
                ReviewJSON(
                    status: $0.status.rawValue, clientWords: Nullable($0.clientWords), reviewedAt: $0.reviewedAt,
                    sessionId: Nullable($0.sessionID?.description))
            })
    }
}

extension AddendumJSON {
    /// A session's addendum has the same shape as a boundary record's.
    init(_ a: SessionAddendum) {
        self.init(id: a.id.description, text: a.text, recordedBy: a.recordedBy.description, recordedAt: a.recordedAt)
    }
}

/// A session in a list: when, for whom, and its state.
struct SessionSummaryJSON: Encodable {
    let id: String
    let engagementId: String
    let clientName: String
    let role: String
    let scheduledAt: Date
    let lengthMinutes: Int
    let plan: PlanJSON
    let status: String
    init(_ item: SessionListItem) {
        self.id = item.session.id.description
        self.engagementId = item.session.engagementID.description
        self.clientName = item.clientName
        self.role = item.role.rawValue
        self.scheduledAt = item.session.scheduledAt
        self.lengthMinutes = item.session.lengthMinutes
        self.plan = PlanJSON(item.session.plan)
        self.status = item.session.status.rawValue
    }
}

/// The whole record of a session, with the clock read at the time of the answer while it runs.
struct SessionJSON: Encodable {
    struct PhaseJSON: Encodable {
        let phase: String
        let beganAt: Date
    }
    struct ClockJSON: Encodable {
        let phase: String
        let elapsedSeconds: Int
        let phaseRemainingSeconds: Int
        let sessionRemainingSeconds: Int
        let warnings: [String]
    }
    struct AgreementJSON: Encodable {
        let clientWords: String
        let focus: String
        let recordedAt: Date
    }
    let id: String
    let engagementId: String
    let clientName: String
    let role: String
    let scheduledAt: Date
    let lengthMinutes: Int
    let plan: PlanJSON
    let status: String
    let startedAt: Nullable<Date>
    let endedAt: Nullable<Date>
    let phases: [PhaseJSON]
    let clock: Nullable<ClockJSON>
    let coaching: String
    let coachingToolsAvailable: Bool
    let agreement: Nullable<AgreementJSON>
    let agreementSkipReason: Nullable<String>
    let progressNotes: Nullable<String>
    /// "How far did we get?" (0–10) and where it was given (`inRoom`, `portal`), once given.
    let howFarRating: Nullable<Int>
    let howFarSource: Nullable<String>
    let markers: [MarkerJSON]
    let redirects: [RedirectJSON]
    let questionsAsked: [QuestionAskedJSON]
    let takeaways: [TakeawayJSON]
    let actionSteps: [ActionStepJSON]
    let actionStepsToReview: [ActionStepJSON]
    let addenda: [AddendumJSON]
    let clientIntention: Nullable<String>
    let canRecord: Bool

    init(_ r: SessionRecord, now: Date) {
        let s = r.context.session
        let summary = SessionSummaryJSON(r.context.item)
        self.id = summary.id
        self.engagementId = summary.engagementId
        self.clientName = summary.clientName
        self.role = summary.role
        self.scheduledAt = summary.scheduledAt
        self.lengthMinutes = summary.lengthMinutes
        self.plan = summary.plan
        self.status = summary.status
        self.startedAt = Nullable(s.startedAt)
        self.endedAt = Nullable(s.endedAt)
        self.phases = s.phaseChanges.map { PhaseJSON(phase: $0.phase.rawValue, beganAt: $0.at) }
        self.clock = Nullable(
            s.status == .inProgress
                ? s.startedAt.map { started in
                    let c = PhaseClock.read(plan: s.plan, startedAt: started, changes: s.phaseChanges, now: now)
                    return ClockJSON(
                        phase: c.phase.rawValue, elapsedSeconds: c.elapsed, phaseRemainingSeconds: c.phaseRemaining,
                        sessionRemainingSeconds: c.sessionRemaining,
                        warnings: c.warnings.map(\.rawValue)
                    )
                } : nil)
        self.coaching = r.context.engagement.coaching.code
        self.coachingToolsAvailable = r.context.engagement.coaching.toolsAvailable
        self.agreement = Nullable(s.agreement.map { AgreementJSON(clientWords: $0.clientWords, focus: $0.focus, recordedAt: $0.recordedAt) })
        self.agreementSkipReason = Nullable(s.agreementSkipReason)
        self.progressNotes = Nullable(s.progressNotes)
        self.howFarRating = Nullable(s.howFar?.rating)
        self.howFarSource = Nullable(s.howFar?.source.rawValue)
        self.markers = r.markers.map(MarkerJSON.init)
        self.redirects = r.redirects.map(RedirectJSON.init)
        self.questionsAsked = r.questionsAsked.map { QuestionAskedJSON($0.0, $0.1) }
        self.takeaways = r.takeaways.map(TakeawayJSON.init)
        self.actionSteps = r.actionSteps.map { ActionStepJSON($0, clientCheck: r.clientChecks[$0.id]) }
        self.actionStepsToReview = r.actionStepsToReview.map { ActionStepJSON($0, clientCheck: r.clientChecks[$0.id]) }
        self.clientIntention = Nullable(r.clientIntention)
        self.addenda = r.addenda.map { AddendumJSON($0) }
        self.canRecord = r.context.canRecord
    }
}
