import Foundation
import TandemApp
import TandemCore

struct ScreeningResultPage: PageModel {
    static let template = "screening"
    struct Answer: Sendable {
        let label: String
        let value: String
    }
    let shell: Shell
    let engagementHref: String
    let engagementLabel: String
    let heading: String
    let result: String
    let resultClass: String
    let reasons: [String]
    let safetyFlagged: Bool
    let overrideNote: String?
    let answers: [Answer]
    let canOverride: Bool
    let overrideAction: String
    let errorSummary: ErrorSummary?
    let overrideItems: [FormItem]
}

extension ScreeningResultPage {
    /// A screening's result with its reasons and answers, and the override form where the rules allow one.
    static func make(
        _ s: Screening, _ view: EngagementView, shell: Shell, errors: [FieldError], values: [String: String], zone: TimeZone
    ) -> ScreeningResultPage {
        let a = s.answers
        let flags = SafetyFlag.allCases.filter { a.safetyFlags.contains($0) }.map(\.label)
        let overridable = !s.outcome.safetyFlagged && s.outcome.result == .coachableWithCare && s.override == nil
        return ScreeningResultPage(
            shell: shell,
            engagementHref: SiteURL.engagement(view.engagement.id).path,
            engagementLabel: "\(view.engagement.role.label) with \(view.item.clientName)",
            heading: "Screening of \(Formats.dateTime(s.screenedAt, in: zone))",
            result: s.result.label,
            resultClass: s.result.rawValue,
            reasons: s.outcome.reasons,
            safetyFlagged: s.outcome.safetyFlagged,
            overrideNote: s.override.map { "Overridden from “\(s.outcome.result.label)” on \(Formats.dateTime($0.at, in: zone)): \($0.reason)" },
            answers: [
                .init(label: "Safety flags", value: flags.isEmpty ? "None" : flags.joined(separator: "; ")),
                .init(label: "Stable", value: a.stability.label),
                .init(label: "Functioning day to day", value: a.functioning.label),
                .init(label: "Follows through between sessions", value: a.followThrough.label),
                .init(label: "Readiness for change", value: a.readiness.label),
                .init(label: "Importance (0–10)", value: String(a.importance)),
                .init(label: "Confidence (0–10)", value: String(a.confidence)),
                .init(label: "Wants a directive style", value: a.directivePreference.label),
            ],
            canOverride: overridable && view.access == .write && view.engagement.status == .open,
            overrideAction: SiteURL.overrideScreening(s.id).path,
            errorSummary: ErrorSummary(errors, targets: ["result": "result-heading"]),
            overrideItems: [
                .choices(
                    .radio(
                        "result", "Decide instead", options: [("coachable", "Coachable"), ("notNow", "Not now")], selected: values["result"],
                        errors: errors)),
                .field(
                    FormField(
                        "reason", "Your reason", type: "textarea", value: values["reason"], errors: errors,
                        hint: "At least \(ScreeningOverride.minimumReason) characters. It is kept with the screening.", required: true,
                        maxLength: ScreeningOverride.maximumReason)),
            ]
        )
    }
}
