import Foundation
import TandemApp
import TandemCore

struct PortalHomePage: PageModel {
    static let template = "portal"
    struct Upcoming: Sendable {
        /// The answer's field id, which the error summary links to.
        let field: String
        let when: String
        let intentionAction: String
        let intention: String
        let intentionError: String?
    }
    struct Past: Sendable {
        let when: String
        let clientWords: String?
        let focus: String?
        let clientTakeaways: [String]
        let sharedTakeaways: [String]
        /// "How far did we get?": what she said, or the scale to say it (an ended session, within two weeks).
        let howFarSaid: String?
        let howFar: HowFarScale?
    }
    struct HowFarScale: Sendable {
        let field: String
        let action: String
        let options: [ChoiceField.Option]
        let error: String?
    }
    struct Step: Sendable {
        let id: String
        let text: String
        let due: String?
        let checkAction: String
        let options: [ChoiceField.Option]
        let note: String
        let noteError: String?
        let current: String?
    }
    struct Measure: Sendable {
        let href: String
        let label: String
    }
    let shell: Shell
    let clientName: String
    let practitioner: String
    let role: String
    let goals: [String]
    let zone: String
    let hasUpcoming: Bool
    let upcoming: [Upcoming]
    let hasMeasures: Bool
    let measures: [Measure]
    let hasSteps: Bool
    let steps: [Step]
    let hasPast: Bool
    let past: [Past]
    let progressHref: String?
    /// Consent to the coaching edge: the text and the form to agree, or what was agreed and the way to withdraw.
    let consentGiven: String?
    let consentText: String?
    let consentField: FormField?
    let errorSummary: ErrorSummary?
    /// After a risk answer: the practice's crisis text, shown apart from the confirmation.
    var crisis: String? = nil
}

extension PortalHomePage {
    static func consentGiven(_ consent: ConsentState?, zone: TimeZone) -> String? {
        guard let consent, consent.withdrawnAt == nil else { return nil }
        return "You agreed on \(Formats.date(consent.at, in: zone)) (\(consent.method == .portal ? "here" : "in a session"))."
    }

    /// The client's portal: upcoming sessions with their intention forms, questionnaires due, open action steps with
    /// their ticks, past sessions with their takeaways.
    static func make(
        _ view: PortalView, zone viewer: ViewerZone, shell: Shell, errors: [FieldError], values: [String: String] = [:], now: Date
    ) -> PortalHomePage {
        let zone = viewer.zone
        let e = view.item.engagement
        return PortalHomePage(
            shell: shell,
            clientName: view.item.clientName, practitioner: view.item.practitionerName, role: e.role == .therapy ? "Therapy" : "Coaching",
            goals: e.contract.goals,
            zone: (viewer.isOwn ? "your own time zone" : "your practitioner’s local time")
                + " (\(Formats.offset(zone, at: view.upcoming.first?.scheduledAt ?? now)))",
            hasUpcoming: !view.upcoming.isEmpty,
            upcoming: view.upcoming.map { s in
                .init(
                    field: "intention-\(s.id)", when: Formats.dateTime(s.scheduledAt, in: zone),
                    intentionAction: "/portal/sessions/\(s.id)/intention",
                    intention: values["intention-\(s.id)"] ?? view.intentions[s.id] ?? "",
                    intentionError: errors.first { $0.field == "intention-\(s.id)" }?.message
                )
            },
            hasMeasures: !view.dueMeasures.isEmpty,
            measures: view.dueMeasures.map { .init(href: "/portal/measures/\($0.id)", label: "\($0.shortName): \($0.name)") },
            hasSteps: !view.openSteps.isEmpty,
            steps: view.openSteps.map { step, check in
                .init(
                    id: step.id.description, text: step.text, due: step.due.map(Formats.date), checkAction: "/portal/action-steps/\(step.id)/check",
                    options: ClientCheckStatus.allCases.enumerated().map { i, s in
                        .init(
                            id: i == 0 ? "status-\(step.id)" : "status-\(step.id)-\(s.rawValue)", name: "status", value: s.rawValue, label: s.label,
                            checked: check?.status == s)
                    },
                    note: values["note-\(step.id)"] ?? check?.note ?? "", noteError: errors.first { $0.field == "note-\(step.id)" }?.message,
                    current: check.map { "You said: \($0.status.label)" + ($0.note.map { ", “\($0)”" } ?? "") }
                )
            },
            hasPast: !view.past.isEmpty,
            past: view.past.map { p in
                .init(
                    when: Formats.dateTime(p.session.scheduledAt, in: zone), clientWords: p.session.agreement?.clientWords,
                    focus: p.session.agreement?.focus,
                    clientTakeaways: p.takeaways.filter { $0.source == .client }.map(\.text),
                    sharedTakeaways: p.takeaways.filter { $0.source == .therapist }.map(\.text),
                    howFarSaid: p.session.howFar.map { "How far we got: \($0.rating) of 10" },
                    howFar: Self.howFarScale(p.session, errors: errors, values: values, now: now)
                )
            },
            progressHref: view.shareProgress ? "/portal/progress" : nil,
            consentGiven: Self.consentGiven(view.item.engagement.consent, zone: zone),
            consentText: view.item.engagement.consentStands ? nil : view.consentText.text,
            consentField: view.item.engagement.consentStands
                ? nil
                : FormField(
                    "typedName", "Type your full name to agree", value: values["typedName"], errors: errors,
                    hint: "Today's date is recorded with it, and the version of the text you agreed to.", required: true,
                    autocomplete: "name", maxLength: ConsentText.nameLimit),
            errorSummary: ErrorSummary(errors)
        )
    }

    /// The 0–10 scale for an ended session not yet rated, until `HowFar.portalDays` after it.
    static func howFarScale(_ s: Session, errors: [FieldError], values: [String: String], now: Date) -> HowFarScale? {
        guard s.status == .completed, s.howFar == nil,
            now.timeIntervalSince(s.endedAt ?? s.scheduledAt) <= TimeInterval(HowFar.portalDays * 86_400)
        else { return nil }
        let field = "rating-\(s.id)"
        return HowFarScale(
            field: field, action: "/portal/sessions/\(s.id)/how-far",
            options: HowFar.scale.map { n in
                .init(id: n == 0 ? field : "\(field)-\(n)", name: "rating", value: "\(n)", label: "\(n)", checked: values[field] == "\(n)")
            },
            error: errors.first { $0.field == field }?.message)
    }
}
