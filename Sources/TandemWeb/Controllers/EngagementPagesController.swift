import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The engagement pages: open one from a client's record, read its contract, coaching state and timeline, close it.
/// Screening and boundary forms live in their own controllers; every rule and audit event comes from the
/// application layer (`Engagements`).
struct EngagementPagesController: Sendable {
    let services: AppServices
    var engagements: Engagements { self.services.app.engagements }

    /// The practitioner's caseload: every engagement she holds with where it stands, alerts first.
    struct ListPage: PageModel {
        static let template = "engagements"
        struct Row: Sendable {
            let base: ClientPagesController.EngagementRow
            let alerts: Int
            let measure: String
            let change: String
            let changeClass: String
            let trend: String
            let progressHref: String
        }
        struct Sort: Sendable {
            let href: String
            let label: String
            let current: Bool
        }
        let shell: Shell
        let hasRows: Bool
        let rows: [Row]
        let sorts: [Sort]
    }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.engagements.pattern)) { request, context in
            let account = context.account
            let caseload = try await self.engagements.caseload(of: account)
            let alerts = caseload.openAlerts
            var rows: [(ListPage.Row, EngagementView, ProgressPicture)] = []
            for (view, picture) in caseload.entries.map({ ($0.view, $0.picture) }) {
                let latest = picture.series.compactMap { s in s.latest.map { (s.instrument, $0) } }.max {
                    $0.1.administration.administeredAt < $1.1.administration.administeredAt
                }
                rows.append(
                    (
                        ListPage.Row(
                            base: .init(view), alerts: alerts[view.engagement.id] ?? 0,
                            measure: latest.map { "\($0.0.shortName) \($0.1.administration.total): \($0.1.administration.band)" } ?? "—",
                            change: latest.map { $0.1.reliableChange?.label ?? "Baseline" } ?? "—",
                            changeClass: latest?.1.reliableChange?.rawValue ?? "none",
                            trend: ProgressPicture.trendLabel(picture.selfRecognitionTrend), progressHref: SiteURL.progress(view.engagement.id).path
                        ), view, picture
                    ))
            }
            let sort = request.uri.queryParameters.get("sort").map { String($0) } ?? "alerts"
            rows.sort { a, b in
                // Alerts first, whatever the sort; then the chosen order.
                if (a.0.alerts > 0) != (b.0.alerts > 0) { return a.0.alerts > 0 }
                switch sort {
                case "client": return a.1.item.clientName.localizedCaseInsensitiveCompare(b.1.item.clientName) == .orderedAscending
                case "trend": return (a.2.selfRecognitionTrend ?? -.infinity) > (b.2.selfRecognitionTrend ?? -.infinity)
                case "change":
                    func rank(_ p: ProgressPicture) -> Int {
                        switch p.series.compactMap(\.latest?.reliableChange).last {
                        case .deteriorated: 0
                        case .noChange: 1
                        case .improved: 2
                        case nil: 3
                        }
                    }
                    return rank(a.2) < rank(b.2)
                default:
                    return a.0.alerts > b.0.alerts || (a.0.alerts == b.0.alerts && a.1.engagement.status == .open && b.1.engagement.status != .open)
                }
            }
            let page = ListPage(
                shell: try await self.services.shell("Your engagements", context, current: .engagements, flash: Flash.from(request)),
                hasRows: !rows.isEmpty, rows: rows.map(\.0),
                sorts: [
                    ("alerts", "Alerts first"), ("client", "Client"), ("change", "Reliable change (worst first)"),
                    ("trend", "Self-recognition trend"),
                ].map {
                    ListPage.Sort(href: SiteURL.engagements.path + "?sort=\($0.0)", label: $0.1, current: $0.0 == sort)
                }
            )
            return try self.services.views.render(page)
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.newEngagement))) { _, context in
            let account = context.account
            let client = try await self.services.app.clients.open(try context.id(), for: account, needEdit: true)
            return try await self.openForm(client, for: account, context, values: ["role": "therapy", "plannedSessions": "12"], errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.clientEngagements))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let draft = EngagementDraft(
                role: form["role"], plannedSessions: form["plannedSessions"], startDate: form["startDate"], reviewDate: form["reviewDate"],
                goals: (1...EngagementContract.maximumGoals).compactMap { form["goal\($0)"] }
            )
            do {
                let view = try await self.engagements.open(
                    client: try context.id(), draft: draft, practitionerID: form["practitionerId"], by: account)
                return Response.redirect(to: Flash.engagementOpened.appended(to: SiteURL.engagement(view.engagement.id).path), type: .normal)
            } catch let error as TandemError {
                // A refused role or a missing credential is shown on the form, where the therapist can act on it.
                guard let errors = error.formErrors(conflictOn: "role") else { throw error }
                let client = try await self.services.app.clients.open(
                    try context.id(), for: account, needEdit: true, action: .engagementOpened)
                return try await self.openForm(
                    client, for: account, context, values: form.values, errors: errors, status: error.isConflict ? .conflict : .unprocessableContent)
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.engagement))) { request, context in
            let account = context.account
            let record = try await self.engagements.record(try context.id(), for: account)
            return try await self.page(record, context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.closeEngagement))) { request, context in
            let account = context.account
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let view = try await self.engagements.close(try context.id(), by: account)
            return Response.redirect(to: Flash.engagementClosed.appended(to: SiteURL.engagement(view.engagement.id).path), type: .normal)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.pauseEngagement))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let view = try await self.engagements.pause(try context.id(), reason: form["reason"], by: account)
                return Response.redirect(to: Flash.coachingPaused.appended(to: SiteURL.engagement(view.engagement.id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let record = try await self.engagements.record(try context.id(), for: account)
                return try await self.page(record, context, errors: errors, values: form.values, status: .unprocessableContent)
            }
        }
    }

    // MARK: - Open an engagement

    private func openForm(
        _ client: ClientListItem, for account: Account, _ context: SignedInContext, values: [String: String], errors: [FieldError],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let colleagues = try await self.engagements.colleagues(of: account)
        var items: [FormItem] = [
            .choices(
                .radio(
                    "role", "Role", options: EngagementRole.allCases.map { ($0.rawValue, $0.label) }, selected: values["role"], errors: errors,
                    hint: "One role per practitioner and client, for good: a therapist never becomes the same client's coach, nor the reverse."))
        ]
        if !colleagues.isEmpty {
            items.append(
                .choices(
                    .radio(
                        "practitionerId", "Held by",
                        options: [(account.id.description, "\(account.name) (you)")] + colleagues.map { ($0.id.description, $0.name) },
                        selected: values["practitionerId"] ?? account.id.description, errors: errors,
                        hint: "A colleague may take the role you cannot hold."
                    )))
        }
        items += [
            .field(
                FormField(
                    "plannedSessions", "Planned sessions", type: "number", value: values["plannedSessions"], errors: errors,
                    hint: "The model is short-term: 12 is usual, 1 to 52.", required: true)),
            .field(
                FormField(
                    "startDate", "Start date", type: "date", value: values["startDate"] ?? LocalDate(self.services.now).description, errors: errors,
                    required: true)),
            .field(
                FormField(
                    "reviewDate", "Review date", type: "date", value: values["reviewDate"], errors: errors,
                    hint: "Leave empty for one week per planned session after the start.")),
        ]
        for i in 1...EngagementContract.maximumGoals {
            items.append(
                .field(
                    FormField(
                        "goal\(i)", i == 1 ? "Goal 1, in the client's own words" : "Goal \(i)", type: "textarea", value: values["goal\(i)"],
                        errors: i == 1 ? errors.map { $0.field == "goals" ? FieldError(field: "goal1", message: $0.message) : $0 } : [],
                        required: i == 1, maxLength: EngagementContract.maximumGoalLength
                    )))
        }
        let page = FormPage(
            shell: try await self.services.shell("Open an engagement", context, current: .clients),
            backHref: SiteURL.client(client.client.id).path,
            backLabel: client.client.displayName,
            heading: "Open an engagement with \(client.client.displayName)",
            lede: "The contract of a short-term engagement: its role, how many sessions, when to review, and what the client wants from it.",
            note: nil,
            action: SiteURL.clientEngagements(client.client.id).path,
            submitLabel: "Open the engagement",
            errorSummary: ErrorSummary(errors.map { $0.field == "goals" ? FieldError(field: "goal1", message: $0.message) : $0 }),
            items: items
        )
        return try self.services.views.render(page, status: status)
    }

    // MARK: - The engagement page

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
    }

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

    func page(
        _ record: EngagementRecord, _ context: SignedInContext, flash: String? = nil, errors: [FieldError] = [], values: [String: String] = [:],
        addendumError: (UUID, String, String)? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = record.view
        let e = view.engagement
        let viewerID = context.account.id
        let isOwner = context.account.role == .owner
        let history = record.screenings
        let sessions = record.sessions
        let zone = context.account.sessionDefaults.zone
        let today = Formats.day(self.services.now, in: zone)
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
            records.addenda(of: id).map { .init(text: $0.text, at: Formats.dateTime($0.recordedAt)) }
        }
        var entries: [(Date, EngagementPage.TimelineEntry)] = []
        for c in records.crossings {
            entries.append(
                (
                    c.recordedAt,
                    .init(
                        date: c.date.description, kind: "Boundary crossing", kindClass: "crossing", title: c.kind.label,
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
                        date: i.date.description, kind: "Boundary incident", kindClass: "incident", title: i.kind.label,
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
                        date: Formats.date(s.screenedAt), kind: "Screening", kindClass: "screening", title: s.result.label,
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
                    date: e.contract.startDate.description, kind: "Contract", kindClass: "contract", title: "Engagement opened",
                    details: [], addenda: [], addendumAction: nil, addendumField: nil, anchor: "record-opened"
                )
            ))
        if let closed = e.closedAt {
            entries.append(
                (
                    closed,
                    .init(
                        date: Formats.date(closed), kind: "Contract", kindClass: "contract", title: "Engagement closed",
                        details: [], addenda: [], addendumAction: nil, addendumField: nil, anchor: "record-closed"
                    )
                ))
        }
        let timeline = entries.sorted { $0.0 > $1.0 }.map(\.1)
        let allErrors = errors + (addendumError.map { [FieldError(field: Self.addendumFieldName($0.0), message: $0.2)] } ?? [])

        let page = EngagementPage(
            shell: try await self.services.shell("\(e.role.label) · \(view.item.clientName)", context, current: .clients, flash: flash),
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
            coachingReasons: view.latest.map { $0.outcome.reasons } ?? [],
            rescreenNote: view.rescreenDue
                ? "A re-screen is due: \(view.sessionsSinceScreening) sessions since the last screening (\(Rescreen.afterSessions) or more, or \(Rescreen.afterDays) days, call for one)."
                : nil,
            startDate: e.contract.startDate.description,
            plannedSessions: e.contract.plannedSessions,
            reviewDate: e.contract.reviewDate.description,
            goals: e.contract.goals,
            canRecord: canRecord,
            screenHref: SiteURL.newScreening(e.id).path,
            screenLabel: view.latest == nil ? "Screen for coachability" : "Screen again",
            crossingHref: SiteURL.newCrossing(e.id).path,
            incidentHref: SiteURL.newIncident(e.id).path,
            closeHref: SiteURL.closeEngagement(e.id).path,
            pauseHref: SiteURL.pauseEngagement(e.id).path,
            canPause: canRecord && coaching.toolsAvailable,
            errorSummary: ErrorSummary(allErrors),
            pauseField: FormField(
                "reason", "Why pause?", value: values["reason"], errors: errors, hint: "The tools stay paused until the next screening.",
                required: true, maxLength: 500),
            hasScreenings: !history.isEmpty,
            screenings: history.map {
                .init(
                    href: SiteURL.screening($0.id).path, date: Formats.dateTime($0.screenedAt), result: $0.result.label,
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
            portal: self.portalPart(view, record.portal, zone: zone, values: values, errors: errors)
        )
        return try self.services.views.render(page, status: status)
    }

    private func portalPart(_ view: EngagementView, _ state: PortalState, zone: TimeZone, values: [String: String], errors: [FieldError])
        -> PortalPart
    {
        let e = view.engagement
        let canRecord = view.access == .write && e.status == .open
        let (account, invitations, schedules) = (state.account, state.invitations, state.schedules)
        let now = self.services.now
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
            scheduleFields: self.services.instruments.instruments.map { i in
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

    static func label(of state: CoachingState) -> String {
        switch state {
        case .notScreened: "Not screened"
        case .coachable: "Coachable"
        case .coachableWithCare: "Coachable, with care"
        case .notNow: "Not now"
        case .paused: "Paused"
        }
    }
}

extension TandemError {
    var isConflict: Bool {
        if case .conflict = self { return true }
        return false
    }

    /// What a form shows for this error: field errors as they are, a refused rule as an error on `field`; nil for
    /// anything else (not found, forbidden), which the error middleware answers.
    func formErrors(conflictOn field: String) -> [FieldError]? {
        switch self {
        case .validation(let errors): errors
        case .conflict(_, let message): [FieldError(field: field, message: message)]
        default: nil
        }
    }
}

extension FormPage {
    /// A form about one engagement, with the way back to it.
    static func about(
        _ view: EngagementView, shell: Shell, heading: String, lede: String?, note: String? = nil, action: SiteURL, query: String = "",
        submitLabel: String,
        errors: [FieldError], items: [FormItem]
    ) -> FormPage {
        FormPage(
            shell: shell, backHref: SiteURL.engagement(view.engagement.id).path,
            backLabel: "\(view.engagement.role.label) with \(view.item.clientName)",
            heading: heading, lede: lede, note: note, action: action.path + query, submitLabel: submitLabel, errorSummary: ErrorSummary(errors),
            items: items
        )
    }
}
