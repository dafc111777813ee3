import Foundation
import TandemApp
import TandemCore

/// The session page: before (the plan, start), during (the live view), after (the read-only summary). One address,
/// so a reload or a second device always lands on the session as it is now.
struct SessionPage: PageModel {
    static let template = "session"

    struct Option: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct PhaseRow: Sendable {
        let label: String
        let planned: Int
        let actual: String
        let current: Bool
    }
    struct MarkerButton: Sendable {
        let kind: String
        let label: String
        let key: String
    }
    struct MarkerRow: Sendable {
        let id: String
        let time: String
        let kind: String
        let kindClass: String
        let text: String?
        let namedBy: String
        let highlighted: Bool
        let editAction: String?
        /// The session the edit form returns to when the words are refused.
        let sessionID: String
        let textField: FormField?
    }
    struct TimedRow: Sendable {
        let time: String
        let text: String
    }
    struct QuestionRow: Sendable {
        let id: String
        let text: String
        let purpose: String
        let phase: String
    }
    struct StepRow: Sendable {
        let text: String
        let due: String?
        let clientCheck: String?
        let review: String?
        let reviewAction: String?
        let statusOptions: [Option]
        let wordsField: FormField?
    }
    struct TakeawayRow: Sendable {
        let text: String
        let source: String
        let time: String
    }
    struct Clock: Sendable {
        let phase: String
        let phaseLabel: String
        let elapsed: String
        let phaseRemaining: String
        let sessionRemaining: String
        let startedAtMs: Int
        let phaseBeganAtMs: Int
        let serverNowMs: Int
        let phaseMinutes: Int
        let lengthMinutes: Int
        let closingAtSeconds: Int
        let warnings: [String]
        let soonMessage: String
        let squeezedMessage: String
        let overrunMessage: String
    }

    /// Shown for every session: what it is and where it stands.
    let shell: Shell
    let heading: String
    let when: String
    let engagementHref: String
    let engagementLabel: String
    let status: String
    let statusClass: String
    let readOnlyNote: String?
    let errorSummary: ErrorSummary?
    let canRecord: Bool
    let phases: [PhaseRow]
    /// A scheduled session: starting it, or marking it cancelled or a no-show.
    let before: Before?
    /// A running session: the clock and every form of the room.
    let live: Live?
    /// A running session the viewer records in: where its page sends the heartbeat that keeps her signed in, and
    /// how often.
    let heartbeat: Heartbeat?
    struct Heartbeat: Sendable {
        let action: String
        let seconds: Int
    }
    /// What was recorded, shown during the session and after it.
    let record: Record
    /// An ended session: its time line and its addenda.
    let after: After?

    struct Before: Sendable {
        let startAction: String
        let cancelAction: String
        let noShowAction: String
    }

    struct Live: Sendable {
        let clock: Clock?
        let coachingNote: String?
        /// Which phase is on: the page puts what that phase needs first.
        let inOpening: Bool
        let inWork: Bool
        let inClosing: Bool
        let phaseAction: String
        let nextPhase: String?
        let nextPhaseLabel: String?
        let skipField: FormField?
        let endAction: String
        let toolsAvailable: Bool
        let agreementAction: String
        let agreementFields: [FormField]
        /// The client's answer in the portal before the session, proposed as the agreement.
        let proposal: String?
        let progressAction: String
        let progressField: FormField
        let markerAction: String
        let markerButtons: [MarkerButton]
        let markerTextField: FormField
        let markerVoice: ChoiceField
        let redirectAction: String
        let redirectField: FormField
        let questionsHref: String
        let questionQuery: String
        let questionResults: [QuestionRow]
        let askAction: String
        let takeawayAction: String
        let takeawayItems: [FormItem]
        let stepAction: String
        let stepFields: [FormField]
        let howFar: HowFarForm?
        let shortcuts: [MarkerButton]
    }

    /// "How far did we get?" at the close: the 0–10 scale with the client's agreement beside it.
    struct HowFarForm: Sendable {
        let action: String
        let agreementWords: String?
        let scale: ChoiceField
        let current: String?
    }

    struct Record: Sendable {
        let agreement: SessionAgreementView?
        let skipReason: String?
        let progressNotes: String?
        let markers: [MarkerRow]
        let redirects: [TimedRow]
        let asked: [TimedRow]
        /// Every takeaway, and the same split by who voiced it.
        let takeaways: [TakeawayRow]
        let clientTakeaways: [TakeawayRow]
        let therapistTakeaways: [TakeawayRow]
        let steps: [StepRow]
        let stepsToReview: [StepRow]
        /// The last few things recorded, newest first, at the top of the live view's side panel.
        let latest: [LatestRow]
        /// The client's "How far did we get?", once given: "7 of 10, in the portal". (Not `howFar`: when nil, the
        /// template would find the closing's form of that name instead.)
        let howFarSaid: String?
    }

    struct LatestRow: Sendable {
        let id: String
        let time: String
        let kind: String
        let text: String?
    }

    /// The markers on a time line, drawn as SVG against the planned phases (the list beside it has the data), and
    /// the addenda.
    struct After: Sendable {
        let timelineBands: [Band]
        let timelineTicks: [Tick]
        let timelineLabel: String
        let addenda: [TimedRow]
        let addendumAction: String?
        let addendumField: FormField?
        /// The note of record: a link to it once drafted, else (for the holder) the form that drafts it.
        let noteHref: String?
        let noteLabel: String?
        let draftNoteAction: String?
        let noteFormats: [NotePage.FormatOption]
        /// Her private psychotherapy note's page (the holder only; its text is never on this page).
        let privateNoteHref: String?
    }

    struct Band: Sendable {
        let x: Int
        let width: Int
        let label: String
        let kind: String
    }
    struct Tick: Sendable {
        let x: Int
        let kind: String
        let title: String
    }
}

struct SessionAgreementView: Sendable {
    let clientWords: String
    let focus: String
}

extension SessionPage {
    /// Everything the page shows, from the record, the clock read now, and what was typed in a refused form.
    static func make(
        _ r: SessionRecord, shell: Shell, now: Date, zone: TimeZone, questions: [Question], query: String, values: [String: String],
        errors: [FieldError],
        clientChecks: [ActionStep.ID: ClientCheck] = [:], proposal: String? = nil, heartbeatSeconds: Int = 60, noteFormat: NoteFormat = .dap
    ) -> SessionPage {
        let ctx = r.context
        let s = ctx.session
        let id = s.id
        let canRecord = ctx.canRecord
        let live = s.status == .inProgress
        let coaching = ctx.engagement.coaching
        let current = s.currentPhase
        func mmss(_ seconds: Int) -> String { PhaseClock.format(seconds) }
        func url(_ action: SiteURL.SessionAction) -> String { SiteURL.sessionAction(id, action).path }

        var clock: Clock?
        if live, let started = s.startedAt {
            let c = PhaseClock.read(plan: s.plan, startedAt: started, changes: s.phaseChanges, now: now)
            let phaseBegan = s.phaseChanges.last?.at ?? started
            clock = Clock(
                phase: c.phase.rawValue, phaseLabel: c.phase.label, elapsed: mmss(c.elapsed), phaseRemaining: mmss(c.phaseRemaining),
                sessionRemaining: mmss(c.sessionRemaining), startedAtMs: Int(started.timeIntervalSince1970 * 1000),
                phaseBeganAtMs: Int(phaseBegan.timeIntervalSince1970 * 1000), serverNowMs: Int(now.timeIntervalSince1970 * 1000),
                phaseMinutes: s.plan.minutes(c.phase), lengthMinutes: s.lengthMinutes, closingAtSeconds: s.plan.plannedStart(of: .closing),
                warnings: c.warnings.map(\.message), soonMessage: ClockWarning.closingSoon.message,
                squeezedMessage: ClockWarning.closingSqueezed.message,
                overrunMessage: ClockWarning.overrun.message
            )
        }
        let next: Phase? = current.flatMap { c in Phase.allCases.first(where: { $0 > c }) }
        let needsAgreement = next == .work && coaching.toolsAvailable && s.agreement == nil

        let phases: [PhaseRow] = Phase.allCases.map { phase in
            let began = s.phaseChanges.first(where: { $0.phase == phase })?.at
            let ended = s.phaseChanges.first(where: { $0.phase > phase })?.at ?? (s.status == .completed ? s.endedAt : nil)
            var actual = "—"
            if let began {
                let end = ended ?? now
                actual = "\(Int((end.timeIntervalSince(began) / 60).rounded())) min" + (ended == nil ? " so far" : "")
            }
            return PhaseRow(label: phase.label, planned: s.plan.minutes(phase), actual: actual, current: phase == current)
        }

        let markers: [MarkerRow] = r.markers.map { m in
            let editable = live && canRecord
            return MarkerRow(
                id: "marker-\(m.id)", time: mmss(m.atSeconds), kind: m.kind.label, kindClass: m.kind.rawValue, text: m.text, namedBy: m.namedBy.label,
                highlighted: m.highlighted, editAction: editable ? SiteURL.updateMarker(m.id).path : nil, sessionID: r.context.session.id.description,
                textField: editable
                    ? FormField("text", "Words for this marker", value: values["marker-\(m.id)-text"] ?? m.text, maxLength: Marker.maximumText) : nil
            )
        }
        func stepRow(_ step: ActionStep, reviewable: Bool) -> StepRow {
            StepRow(
                text: step.text, due: step.due.map(Formats.date),
                clientCheck: clientChecks[step.id].map {
                    "The client ticked in the portal: \($0.status.label)" + ($0.note.map { ", “\($0)”" } ?? "")
                },
                review: step.review.map { "\($0.status.label)" + ($0.clientWords.map { ": “\($0)”" } ?? "") },
                reviewAction: reviewable ? SiteURL.reviewActionStep(step.id).path : nil,
                statusOptions: ActionReviewStatus.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == step.review?.status) },
                wordsField: reviewable
                    ? FormField("clientWords", "In the client's words", value: step.review?.clientWords, maxLength: ActionReview.maximumClientWords)
                    : nil
            )
        }
        let takeawayRows = r.takeaways.map {
            TakeawayRow(text: $0.text, source: $0.source == .client ? "Client-voiced" : "Therapist-shared, with permission", time: mmss($0.atSeconds))
        }
        let done = !live && s.status != .scheduled
        return SessionPage(
            shell: shell,
            heading: "Session with \(ctx.item.clientName)",
            when: Formats.dateTime(s.scheduledAt, in: zone) + " (\(Formats.zoneName(zone))), \(s.lengthMinutes) minutes",
            engagementHref: SiteURL.engagement(s.engagementID).path,
            engagementLabel: "\(ctx.engagement.engagement.role.label) with \(ctx.item.clientName)",
            status: s.status.label, statusClass: s.status.rawValue,
            readOnlyNote: canRecord ? nil : EngagementAccess.readOnlyMessage(holder: ctx.engagement.item.practitionerName),
            errorSummary: ErrorSummary(
                errors,
                targets: ["session": "main", "phase": "main", "kind": "markers-form", "questionId": "q", "permissionAsked": "permission"]),
            canRecord: canRecord, phases: phases,
            before: s.status == .scheduled ? Before(startAction: url(.start), cancelAction: url(.cancel), noShowAction: url(.noShow)) : nil,
            live: live
                ? Self.live(
                    r, clock: clock, next: next, needsAgreement: needsAgreement, questions: questions, query: query, values: values,
                    errors: errors, proposal: proposal) : nil,
            heartbeat: live && canRecord ? Heartbeat(action: url(.heartbeat), seconds: heartbeatSeconds) : nil,
            record: Record(
                agreement: s.agreement.map { SessionAgreementView(clientWords: $0.clientWords, focus: $0.focus) },
                skipReason: s.agreementSkipReason,
                progressNotes: s.progressNotes,
                markers: markers,
                redirects: r.redirects.map { TimedRow(time: mmss($0.atSeconds), text: $0.note ?? "Brought back to the agreement") },
                asked: r.questionsAsked.map { TimedRow(time: mmss($0.0.atSeconds), text: $0.1.text) },
                takeaways: takeawayRows,
                clientTakeaways: zip(r.takeaways, takeawayRows).filter { $0.0.source == .client }.map(\.1),
                therapistTakeaways: zip(r.takeaways, takeawayRows).filter { $0.0.source == .therapist }.map(\.1),
                steps: r.actionSteps.map { stepRow($0, reviewable: false) },
                stepsToReview: r.actionStepsToReview.map { stepRow($0, reviewable: live && canRecord) },
                latest: Self.latest(r),
                howFarSaid: s.howFar.map(Self.describe)
            ),
            after: done ? Self.after(r, zone: zone, values: values, errors: errors, noteFormat: noteFormat) : nil
        )
    }

    static func describe(_ howFar: HowFar) -> String { "\(howFar.rating) of 10, \(howFar.source.label)" }

    /// How many records the side panel's "Latest" shows.
    static let latestCount = 5

    /// The newest records of every kind, newest first (a record made at the same second as another comes after it).
    static func latest(_ r: SessionRecord) -> [LatestRow] {
        let started = r.context.session.startedAt ?? r.context.session.scheduledAt
        var rows: [(Int, LatestRow)] = []
        for m in r.markers {
            rows.append((m.atSeconds, LatestRow(id: "marker-\(m.id)", time: PhaseClock.format(m.atSeconds), kind: m.kind.label, text: m.text)))
        }
        for x in r.redirects {
            rows.append((x.atSeconds, LatestRow(id: "redirect-\(x.id)", time: PhaseClock.format(x.atSeconds), kind: "Redirect", text: x.note)))
        }
        for (asked, question) in r.questionsAsked {
            rows.append(
                (asked.atSeconds, LatestRow(id: "asked-\(asked.id)", time: PhaseClock.format(asked.atSeconds), kind: "Asked", text: question.text)))
        }
        for t in r.takeaways {
            rows.append((t.atSeconds, LatestRow(id: "takeaway-\(t.id)", time: PhaseClock.format(t.atSeconds), kind: "Takeaway", text: t.text)))
        }
        for step in r.actionSteps {
            let at = max(0, Int(step.createdAt.timeIntervalSince(started)))
            rows.append((at, LatestRow(id: "step-\(step.id)", time: PhaseClock.format(at), kind: "Action step", text: step.text)))
        }
        let ordered = rows.enumerated().sorted { ($0.element.0, $0.offset) > ($1.element.0, $1.offset) }
        return ordered.prefix(Self.latestCount).map(\.element.1)
    }

    /// The running session's clock and forms, with what was typed in a refused one.
    private static func live(
        _ r: SessionRecord, clock: Clock?, next: Phase?, needsAgreement: Bool, questions: [Question], query: String, values: [String: String],
        errors: [FieldError], proposal: String?
    ) -> Live {
        let s = r.context.session
        let coaching = r.context.engagement.coaching
        func url(_ action: SiteURL.SessionAction) -> String { SiteURL.sessionAction(s.id, action).path }
        let markerButtons = MarkerKind.allCases.map { MarkerButton(kind: $0.rawValue, label: $0.label, key: $0.shortcut) }
        return Live(
            clock: clock,
            coachingNote: coaching.toolsAvailable ? nil : coaching.explanation,
            inOpening: s.currentPhase == .opening, inWork: s.currentPhase == .work, inClosing: s.currentPhase == .closing,
            phaseAction: url(.phase), nextPhase: next?.rawValue, nextPhaseLabel: next.map { "Move to \($0.label.lowercased())" },
            skipField: needsAgreement
                ? FormField(
                    "skipAgreementReason", "Or skip the agreement, with a reason", value: values["skipAgreementReason"], errors: errors,
                    hint: "Only if there is good cause; the reason is kept with the session.", maxLength: SessionFlow.maximumSkipReason)
                : nil,
            endAction: url(.end), toolsAvailable: coaching.toolsAvailable,
            agreementAction: url(.agreement),
            agreementFields: [
                FormField(
                    "clientWords", "Where do you want to go today? (the client's words)", type: "textarea",
                    value: values["clientWords"] ?? s.agreement?.clientWords ?? proposal,
                    errors: errors, hint: "Write it as the client said it.", required: true, maxLength: SessionAgreement.maximumLength),
                FormField(
                    "focus", "The agreed focus", value: values["focus"] ?? s.agreement?.focus, errors: errors,
                    hint: "Narrow it if needed: “What aspect makes most sense to discuss first?”", required: true,
                    maxLength: SessionAgreement.maximumLength),
            ],
            proposal: s.agreement == nil ? proposal : nil,
            progressAction: url(.progress),
            progressField: FormField(
                "progressNotes", "Progress since last session", type: "textarea", value: values["progressNotes"] ?? s.progressNotes, errors: errors,
                maxLength: Session.progressNotesLimit),
            markerAction: url(.markers),
            markerButtons: markerButtons,
            markerTextField: FormField(
                "text", "Words", value: nil, errors: errors, hint: "Or add them to the marker afterwards.", maxLength: Marker.maximumText),
            markerVoice: .radio(
                "namedBy", "Named by", options: Voice.allCases.map { ($0.rawValue, $0.label) }, selected: values["namedBy"] ?? "therapist",
                errors: errors),
            redirectAction: url(.redirects),
            redirectField: FormField("note", "Note (optional)", value: nil, errors: errors, maxLength: Redirect.noteLimit),
            questionsHref: SiteURL.session(s.id).path,
            questionQuery: query,
            questionResults: questions.map { QuestionRow(id: $0.id.description, text: $0.text, purpose: $0.purpose.label, phase: $0.phase.label) },
            askAction: url(.questionsAsked),
            takeawayAction: url(.takeaways),
            takeawayItems: [
                .field(
                    FormField(
                        "takeawayText", "Takeaway", type: "textarea", value: values["takeawayText"],
                        errors: errors.map { $0.field == "text" ? FieldError(field: "takeawayText", message: $0.message) : $0 },
                        hint: "Ask the client first: “What are you taking away from today?”", required: true, maxLength: Takeaway.maximumText)),
                .choices(
                    .radio(
                        "source", "Voiced by", options: [("client", "The client"), ("therapist", "Me, shared with the client")],
                        selected: values["source"] ?? "client", errors: errors)),
                .choices(
                    .checkboxes(
                        "permission", "If you share it", options: [("asked", "I asked permission to share")],
                        checked: values["permission-asked"] == "on" ? ["asked"] : [],
                        errors: errors.map { $0.field == "permissionAsked" ? FieldError(field: "permission", message: $0.message) : $0 })),
            ],
            stepAction: url(.actionSteps),
            stepFields: [
                FormField(
                    "stepText", "Action step", value: values["stepText"],
                    errors: errors.map { $0.field == "text" ? FieldError(field: "stepText", message: $0.message) : $0 },
                    hint: "What the client will do before the next session; they will see it in their portal.", required: true,
                    maxLength: ActionStep.maximumText),
                FormField("due", "Due date", type: "date", value: values["due"], errors: errors),
            ],
            howFar: HowFarForm(
                action: url(.howFar), agreementWords: s.agreement?.clientWords,
                scale: .radio(
                    "rating", HowFar.question, options: HowFar.scale.map { ("\($0)", "\($0)") },
                    selected: values["rating"] ?? s.howFar.map { "\($0.rating)" }, errors: errors,
                    hint: "The client chooses: 0 is not at all, 10 is all the way. \(HowFar.notInstrument)"),
                current: s.howFar.map(Self.describe)),
            shortcuts: markerButtons + [
                MarkerButton(kind: "redirect", label: "Redirect to the agreement", key: "r"),
                MarkerButton(kind: "question", label: "Search the question library", key: "/"),
                MarkerButton(kind: "takeaway", label: "Write a takeaway", key: "t"),
                MarkerButton(kind: "step", label: "Write an action step", key: "a"),
                MarkerButton(kind: "agreement", label: "Write the agreement (the client's words)", key: "w"),
                MarkerButton(kind: "phase", label: "Go to the button that moves to the next phase", key: "n"),
                MarkerButton(kind: "help", label: "Show or hide these shortcuts (Esc hides them)", key: "?"),
            ]
        )
    }

    /// The ended session's time line and addenda.
    private static func after(_ r: SessionRecord, zone: TimeZone, values: [String: String], errors: [FieldError], noteFormat: NoteFormat) -> After {
        let s = r.context.session
        let canAdd = s.status == .completed && r.context.canRecord
        let scale = 1000.0 / Double(max(1, s.lengthMinutes * 60))
        return After(
            timelineBands: Phase.allCases.map { phase in
                Band(
                    x: Int(Double(s.plan.plannedStart(of: phase)) * scale), width: Int(Double(s.plan.minutes(phase) * 60) * scale),
                    label: "\(phase.label) \(s.plan.minutes(phase)) min", kind: phase.rawValue
                )
            },
            timelineTicks: r.markers.map { m in
                Tick(
                    x: min(1000, Int(Double(m.atSeconds) * 1000.0 / Double(max(1, s.lengthMinutes * 60)))), kind: m.kind.rawValue,
                    title: "\(PhaseClock.format(m.atSeconds)) \(m.kind.label)")
            },
            timelineLabel: "\(r.markers.count) markers over the \(s.lengthMinutes)-minute plan: "
                + r.markers.map { "\(PhaseClock.format($0.atSeconds)) \($0.kind.label)" }.joined(separator: ", "),
            addenda: r.addenda.map { TimedRow(time: Formats.dateTime($0.recordedAt, in: zone), text: $0.text) },
            addendumAction: canAdd ? SiteURL.sessionAction(s.id, .addenda).path : nil,
            addendumField: canAdd
                ? FormField(
                    "text", "Addendum", type: "textarea", value: values["text"], errors: errors,
                    hint: "Corrects or adds to this record; the original stays.", required: true, maxLength: SessionAddendum.textLimit)
                : nil,
            noteHref: r.note.map { SiteURL.note($0.id).path },
            noteLabel: r.note.map { $0.status == .signed ? "The signed progress note" : "Continue the draft progress note" },
            draftNoteAction: r.note == nil && canAdd ? SiteURL.draftNote(s.id).path : nil,
            noteFormats: NoteFormat.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == noteFormat) },
            privateNoteHref: r.context.canRecord ? SiteURL.psychotherapyNote(s.id).path : nil
        )
    }
}
