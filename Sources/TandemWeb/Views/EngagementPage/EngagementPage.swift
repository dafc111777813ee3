import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The engagement page: its contract, coaching state, timeline of screenings and boundary records, sessions, and the
/// portal's part. Built from one `EngagementRecord` (read in one use case) for the viewer.
struct EngagementPage: PageModel {
    static let template = "engagement"
    struct ScreeningRow: Sendable {
        let href: String
        let date: String
        let result: String
        let resultClass: String
        let overridden: Bool
    }
    struct Addendum: Sendable {
        let text: String
        let at: String
    }
    struct Detail: Sendable {
        let label: String
        let value: String
    }
    struct TimelineEntry: Sendable {
        let date: String
        let kind: String
        let kindClass: String
        let title: String
        let details: [Detail]
        let addenda: [Addendum]
        let addendumAction: String?
        let addendumField: FormField?
        let anchor: String
    }
    let shell: Shell
    let clientHref: String
    let clientName: String
    let heading: String
    let status: String
    let statusClass: String
    let practitioner: String
    let readOnlyNote: String?
    let reviewNote: String?
    let coachingClass: String
    let coachingLabel: String
    let coachingExplanation: String
    /// The consent to the coaching edge as it stands, in words, and the form recording it as given in the room.
    let consentLine: String
    let consentAction: String?
    let coachingReasons: [String]
    let rescreenNote: String?
    let startDate: String
    let plannedSessions: Int
    let reviewDate: String
    let goals: [String]
    let canRecord: Bool
    let screenHref: String
    let screenLabel: String
    let crossingHref: String
    let incidentHref: String
    let closeHref: String
    let pauseHref: String
    let canPause: Bool
    let errorSummary: ErrorSummary?
    /// The viewer's open alerts on this engagement, safety first.
    var safetyAlerts: [AlertCard] = []
    let pauseField: FormField
    let hasScreenings: Bool
    let screenings: [ScreeningRow]
    let hasTimeline: Bool
    let timeline: [TimelineEntry]
    let hasSessions: Bool
    let sessions: [SessionRow]
    let scheduleAction: String
    let scheduleFields: [FormField]
    let zone: String
    let progressHref: String
    let portal: PortalPart

    struct PortalPart: Sendable {
        struct InvitationRow: Sendable {
            let created: String
            let expires: String
            let state: String
            let revokeAction: String?
        }
        let account: String?
        let canInvite: Bool
        let inviteAction: String
        let invitations: [InvitationRow]
        let hasInvitations: Bool
        let settingsAction: String
        let scheduleFields: [FormField]
        let shareProgress: Bool
    }

    struct SessionRow: Sendable {
        let href: String
        let when: String
        let length: String
        let status: String
        let statusClass: String
    }

    /// Everything the page shows, from the engagement's record read in one use case, for the viewer, with what was
    /// typed in a refused form on it.
    static func make(
        _ record: EngagementRecord, shell: Shell, viewer: Account, now: Date, instruments: [Instrument], errors: [FieldError] = [],
        values: [String: String] = [:], addendumError: (UUID, String, String)? = nil
    ) -> EngagementPage {
        let view = record.view
        let e = view.engagement
        let viewerID = viewer.id
        let isOwner = viewer.role == .owner
        let history = record.screenings
        let sessions = record.sessions
        let zone = viewer.sessionDefaults.zone
        let today = Formats.day(now, in: zone)
        let records = record.boundaries
        let canRecord = view.access == .write && e.status == .open
        let coaching = view.coaching

        func addendumField(_ id: UUID) -> FormField? {
            guard canRecord else { return nil }
            let name = Self.addendumFieldName(id)
            let errors = addendumError.map { $0.0 == id ? [FieldError(field: name, message: $0.2)] : [] } ?? []
            return FormField(
                name, "Addendum", type: "textarea", value: addendumError?.0 == id ? addendumError?.1 : nil, errors: errors,
                hint: "Corrects or adds to this record; the original stays as it was.", required: true, maxLength: BoundaryRules.maximumText
            )
        }
        func addenda(_ id: UUID) -> [EngagementPage.Addendum] {
            records.addenda(of: id).map { .init(text: $0.text, at: Formats.dateTime($0.recordedAt, in: zone)) }
        }
        var entries: [(Date, EngagementPage.TimelineEntry)] = []
        for c in records.crossings {
            entries.append(
                (
                    c.recordedAt,
                    .init(
                        date: Formats.date(c.date), kind: "Boundary crossing", kindClass: "crossing", title: c.kind.label,
                        details: [
                            .init(label: "Clinical rationale", value: c.rationale),
                            .init(label: "Client's response", value: c.clientResponse ?? "—"),
                            .init(label: "Consultation sought", value: c.consultationSought ? "Yes" : "No"),
                        ],
                        addenda: addenda(c.id.uuid), addendumAction: canRecord ? SiteURL.crossingAddenda(c.id).path : nil,
                        addendumField: addendumField(c.id.uuid),
                        anchor: "record-\(c.id)"
                    )
                ))
        }
        for i in records.incidents {
            entries.append(
                (
                    i.recordedAt,
                    .init(
                        date: Formats.date(i.date), kind: "Boundary incident", kindClass: "incident", title: i.kind.label,
                        details: [.init(label: "Description", value: i.description)],
                        addenda: addenda(i.id.uuid), addendumAction: canRecord ? SiteURL.incidentAddenda(i.id).path : nil,
                        addendumField: addendumField(i.id.uuid),
                        anchor: "record-\(i.id)"
                    )
                ))
        }
        for s in history {
            entries.append(
                (
                    s.screenedAt,
                    .init(
                        date: Formats.date(s.screenedAt, in: zone), kind: "Screening", kindClass: "screening", title: s.result.label,
                        details: s.override.map {
                            [.init(label: "Overridden from", value: s.outcome.result.label), .init(label: "Reason", value: $0.reason)]
                        } ?? [],
                        addenda: [], addendumAction: nil, addendumField: nil, anchor: "record-\(s.id)"
                    )
                ))
        }
        entries.append(
            (
                e.createdAt,
                .init(
                    date: Formats.date(e.contract.startDate), kind: "Contract", kindClass: "contract", title: "Engagement opened",
                    details: [], addenda: [], addendumAction: nil, addendumField: nil, anchor: "record-opened"
                )
            ))
        if let closed = e.closedAt {
            entries.append(
                (
                    closed,
                    .init(
                        date: Formats.date(closed, in: zone), kind: "Contract", kindClass: "contract", title: "Engagement closed",
                        details: [], addenda: [], addendumAction: nil, addendumField: nil, anchor: "record-closed"
                    )
                ))
        }
        let timeline = entries.sorted { $0.0 > $1.0 }.map(\.1)
        let allErrors = errors + (addendumError.map { [FieldError(field: Self.addendumFieldName($0.0), message: $0.2)] } ?? [])

        return EngagementPage(
            shell: shell,
            clientHref: view.item.clientPractitionerID == viewerID || isOwner ? SiteURL.client(e.clientID).path : SiteURL.engagements.path,
            clientName: view.item.clientName,
            heading: "\(e.role.label) with \(view.item.clientName)",
            status: e.status == .open ? "Open" : "Closed",
            statusClass: e.status == .open ? "active" : "discharged",
            practitioner: view.item.practitionerName,
            readOnlyNote: view.access == .write ? nil : EngagementAccess.readOnlyMessage(holder: view.item.practitionerName),
            reviewNote: e.needsReview ? "A boundary incident was recorded: this engagement is marked for review by the practice owner." : nil,
            coachingClass: coaching.code,
            coachingLabel: Self.label(of: coaching),
            coachingExplanation: coaching.explanation,
            consentLine: Self.consentLine(e.consent, zone: zone),
            consentAction: view.access == .write && e.status == .open && !e.consentStands
                ? SiteURL.engagementConsent(e.id).path : nil,
            coachingReasons: view.latest.map { $0.outcome.reasons } ?? [],
            rescreenNote: view.rescreenDue
                ? "A re-screen is due: \(view.sessionsSinceScreening) sessions since the last screening (\(Rescreen.afterSessions) or more, or \(Rescreen.afterDays) days, call for one)."
                : nil,
            startDate: Formats.date(e.contract.startDate),
            plannedSessions: e.contract.plannedSessions,
            reviewDate: Formats.date(e.contract.reviewDate),
            goals: e.contract.goals,
            canRecord: canRecord,
            screenHref: SiteURL.newScreening(e.id).path,
            screenLabel: view.latest == nil ? "Screen for coachability" : "Screen again",
            crossingHref: SiteURL.newCrossing(e.id).path,
            incidentHref: SiteURL.newIncident(e.id).path,
            closeHref: SiteURL.closeEngagement(e.id).path,
            pauseHref: SiteURL.pauseEngagement(e.id).path,
            canPause: canRecord && coaching.toolsAvailable,
            errorSummary: ErrorSummary(allErrors, targets: ["scheduledAt": "time"]),
            pauseField: FormField(
                "reason", "Why pause?", value: values["reason"], errors: errors, hint: "The tools stay paused until the next screening.",
                required: true, maxLength: CoachingPause.reasonLimit),
            hasScreenings: !history.isEmpty,
            screenings: history.map {
                .init(
                    href: SiteURL.screening($0.id).path, date: Formats.dateTime($0.screenedAt, in: zone), result: $0.result.label,
                    resultClass: $0.result.rawValue, overridden: $0.override != nil)
            },
            hasTimeline: !timeline.isEmpty,
            timeline: timeline,
            hasSessions: !sessions.isEmpty,
            sessions: sessions.map {
                SessionRow(
                    href: SiteURL.session($0.id).path, when: Formats.dateTime($0.scheduledAt, in: zone), length: "\($0.lengthMinutes) min",
                    status: $0.status.label, statusClass: $0.status.rawValue
                )
            },
            scheduleAction: SiteURL.engagementSessions(e.id).path,
            scheduleFields: [
                FormField("date", "Date", type: "date", value: values["date"] ?? today.description, errors: errors, required: true),
                FormField(
                    "time", "Time", type: "time", value: values["time"],
                    errors: errors.map { $0.field == "scheduledAt" ? FieldError(field: "time", message: $0.message) : $0 },
                    hint: "In \(Formats.zoneName(zone)).", required: true),
                FormField(
                    "lengthMinutes", "Length in minutes", type: "number", value: values["lengthMinutes"] ?? "\(PhasePlan.defaultLength)",
                    errors: errors,
                    hint: "15 to 180. The phases are planned from your default shares; set your own below if you like.", required: true),
                FormField(
                    "opening", "Opening minutes", type: "number", value: values["opening"],
                    errors: errors.map { $0.field.hasPrefix("plan") ? FieldError(field: "opening", message: $0.message) : $0 }),
                FormField("work", "Work minutes", type: "number", value: values["work"], errors: []),
                FormField("closing", "Closing minutes", type: "number", value: values["closing"], errors: [], hint: "At least 5."),
            ],
            zone: Formats.zoneName(zone),
            progressHref: SiteURL.progress(e.id).path,
            portal: Self.portalPart(view, record.portal, zone: zone, now: now, instruments: instruments, values: values, errors: errors)
        )
    }

    private static func portalPart(
        _ view: EngagementView, _ state: PortalState, zone: TimeZone, now: Date, instruments: [Instrument], values: [String: String],
        errors: [FieldError]
    ) -> PortalPart {
        let e = view.engagement
        let canRecord = view.access == .write && e.status == .open
        let (account, invitations, schedules) = (state.account, state.invitations, state.schedules)
        return PortalPart(
            account: account.map { "\($0.email) (since \(Formats.dateTime($0.createdAt, in: zone)))" },
            canInvite: canRecord && account == nil, inviteAction: SiteURL.invitations(e.id).path,
            invitations: invitations.map { i in
                let expired = i.usedAt == nil && i.revokedAt == nil && now >= i.expiresAt
                return .init(
                    created: Formats.dateTime(i.createdAt, in: zone), expires: Formats.dateTime(i.expiresAt, in: zone),
                    state: expired ? "Expired" : i.state,
                    revokeAction: canRecord && i.state == "Open" && !expired ? SiteURL.revokeInvitation(i.id).path : nil
                )
            },
            hasInvitations: !invitations.isEmpty,
            settingsAction: SiteURL.portalSettings(e.id).path,
            scheduleFields: instruments.map { i in
                FormField(
                    "every-\(i.id)", "\(i.shortName): every how many sessions?", type: "number",
                    value: values["every-\(i.id)"] ?? schedules.first { $0.instrumentID == i.id }.map { String($0.everySessions) }, errors: errors,
                    hint: i.id == "phq9" ? "1 is before every session; empty is never." : nil
                )
            },
            shareProgress: state.shareProgress
        )
    }

    /// The form name of the addendum text for one boundary record (several such forms share the page).
    static func addendumFieldName(_ record: UUID) -> String { "text-" + record.uuidString.lowercased() }

    static func consentLine(_ consent: ConsentState?, zone: TimeZone) -> String {
        guard let consent else { return "Consent to the coaching edge: not on file." }
        let given = "\(consent.method.label) on \(Formats.date(consent.at, in: zone)) (consent text version \(consent.version))"
        if let withdrawn = consent.withdrawnAt {
            return "Consent to the coaching edge: withdrawn by the client on \(Formats.date(withdrawn, in: zone)); it was \(given)."
        }
        return "Consent to the coaching edge: \(given)."
    }

    static func label(of state: CoachingState) -> String {
        switch state {
        case .notScreened: "Not screened"
        case .coachable: "Coachable"
        case .coachableWithCare: "Coachable, with care"
        case .notNow: "Not now"
        case .paused: "Paused"
        case .consentNeeded(nil): "Consent needed"
        case .consentNeeded(.some): "Consent withdrawn"
        }
    }
}

extension AppServices {
    /// The engagement page, rendered: by its own routes and by the forms on it that come back to it when refused.
    func engagementPage(
        _ record: EngagementRecord, _ context: SignedInContext, flash: String? = nil, errors: [FieldError] = [], values: [String: String] = [:],
        addendumError: (UUID, String, String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let e = record.view
        let shell = try await self.shell("\(e.engagement.role.label) · \(e.item.clientName)", context, current: .clients, flash: flash)
        var page = EngagementPage.make(
            record, shell: shell, viewer: context.account, now: self.now, instruments: self.instruments.instruments, errors: errors, values: values,
            addendumError: addendumError)
        page.safetyAlerts = AlertCard.cards(
            try await self.app.alerts.entries(for: context.account, engagement: e.engagement.id), zone: context.account.sessionDefaults.zone)
        return try self.views.render(page, status: status)
    }
}
