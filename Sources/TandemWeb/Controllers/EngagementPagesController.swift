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

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.engagements.pattern)) { request, context in
            let account = context.account
            let caseload = try await self.engagements.caseload(of: account)
            let sort = request.uri.queryParameters.get("sort").map { String($0) } ?? "alerts"
            let shell = try await self.services.shell("Your engagements", context, current: .engagements, flash: Flash.from(request))
            let page = CaseloadPage.make(caseload, sortedBy: sort, shell: shell)
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
                goals: (1...EngagementContract.maximumGoals).compactMap { form["goal\($0)"] }.filter { !$0.isEmpty }
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
            return try await self.services.engagementPage(record, context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.closeEngagement))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            if !ConfirmPage.isConfirmed(form) {
                let record = try await self.engagements.record(try context.id(), for: account)
                guard record.view.access == .write else {
                    throw TandemError.forbidden(EngagementAccess.readOnlyMessage(holder: record.view.item.practitionerName))
                }
                let id = record.view.engagement.id
                let heading = "Close the engagement with \(record.view.item.clientName)?"
                let page = ConfirmPage(
                    shell: try await self.services.shell(heading, context), heading: heading,
                    consequence: "Its records stay, read-only; a new engagement can be opened later in the same role.", warnings: [],
                    action: SiteURL.closeEngagement(id).path, confirmLabel: "Close the engagement", backHref: SiteURL.engagement(id).path,
                    backLabel: "Back to the engagement")
                return try self.services.views.render(page)
            }
            let view = try await self.engagements.close(try context.id(), by: account)
            return Response.redirect(to: Flash.engagementClosed.appended(to: SiteURL.engagement(view.engagement.id).path), type: .normal)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementConsent))) { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: Engagement.ID = try context.id()
            try await self.services.app.consents.recordInRoom(id, by: context.account)
            return Response.redirect(to: Flash.consentRecorded.appended(to: SiteURL.engagement(id).path), type: .normal)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.pauseEngagement))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let view = try await self.engagements.pause(try context.id(), reason: form["reason"], by: account)
                return Response.redirect(to: Flash.coachingPaused.appended(to: SiteURL.engagement(view.engagement.id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let record = try await self.engagements.record(try context.id(), for: account)
                return try await self.services.engagementPage(record, context, errors: errors, values: form.values, status: .unprocessableContent)
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
