import Foundation
import TandemApp
import TandemCore

/// The open alerts, safety first: each with why it was raised, the answers, a link to them, and the form that marks
/// it reviewed with a note of what was done.
struct AlertsPage: PageModel {
    static let template = "alerts"
    let shell: Shell
    let hasAlerts: Bool
    let alerts: [AlertCard]
    let errorSummary: ErrorSummary?
}

/// One open alert as the alerts page, Today and the engagement page show it.
struct AlertCard: Sendable {
    let id: String
    let kind: String
    let kindClass: String
    let raised: String
    let client: String
    let engagementLabel: String
    let engagementHref: String?
    let practitioner: String
    /// Why: each risk answer, "PHQ-9 item 9, “…”: Several days (1)", and what the instrument says to do.
    let reasons: [String]
    let guidance: [String]
    let answersHref: String?
    let resolveHref: String
    /// Where the review form is: on the alerts page, this card.
    let reviewHref: String
    let noteField: FormField

    /// Why an alert with no questionnaire behind it was raised.
    static func reasons(_ kind: AlertKind) -> [String] {
        switch kind {
        case .boundaryIncident: ["A boundary incident was recorded on this engagement."]
        case .consentWithdrawn:
            ["The client withdrew their consent to the coaching edge in the portal: the coaching-edge tools are paused until they consent again."]
        case .safety: []
        }
    }

    /// Safety alerts first, then the newest.
    static func cards(_ entries: [AlertEntry], zone: TimeZone, values: [String: String] = [:], errors: [FieldError] = []) -> [AlertCard] {
        let ordered = entries.enumerated().sorted { a, b in
            (a.element.alert.kind == .safety ? 0 : 1, a.offset) < (b.element.alert.kind == .safety ? 0 : 1, b.offset)
        }.map(\.element)
        return ordered.map { entry in
            let (alert, item) = (entry.alert, entry.engagement)
            let field = "note-\(alert.id)"
            return AlertCard(
                id: "alert-\(alert.id)", kind: alert.kind.label, kindClass: alert.kind.rawValue, raised: Formats.dateTime(alert.createdAt, in: zone),
                client: item?.clientName ?? "—",
                engagementLabel: item.map { "\($0.engagement.role.label) with \($0.clientName)" } ?? "—",
                engagementHref: item.map { SiteURL.engagement($0.engagement.id).path }, practitioner: item?.practitionerName ?? "—",
                reasons: entry.reason?.lines ?? Self.reasons(alert.kind),
                guidance: Array(Set(entry.reason?.answers.map(\.message) ?? [])).sorted(),
                answersHref: zip(item, entry.reason).map { SiteURL.progress($0.0.engagement.id).path + "#measure-\($0.1.instrumentID)" },
                resolveHref: SiteURL.resolveAlert(alert.id).path, reviewHref: SiteURL.alerts.path + "#alert-\(alert.id)",
                noteField: FormField(
                    field, "What you did", type: "textarea", value: values[field], errors: errors,
                    hint: "A few words for the record: who you contacted, the plan agreed.", required: true, maxLength: AlertReview.noteLimit)
            )
        }
    }
}

private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
