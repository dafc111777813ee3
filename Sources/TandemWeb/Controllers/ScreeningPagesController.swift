import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The coachability screening form, its result with the reasons, and the therapist's override.
struct ScreeningPagesController: Sendable {
    let services: AppServices
    var engagements: Engagements { self.services.app.engagements }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.pattern(SiteURL.newScreening))) { _, context in
            let account = context.account
            let view = try await self.engagements.loadOpen(try context.id(), for: account)
            return try await self.form(view, context, values: [:], errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementScreenings))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let draft = ScreeningDraft(
                stability: form["stability"], functioning: form["functioning"], followThrough: form["followThrough"], readiness: form["readiness"],
                importance: form["importance"], confidence: form["confidence"], directivePreference: form["directivePreference"],
                safetyFlags: SafetyFlag.allCases.filter { form.isOn("safetyFlags-\($0.rawValue)") }.map(\.rawValue)
            )
            do {
                let screening = try await self.engagements.screen(draft, in: try context.id(), by: account)
                return Response.redirect(to: SiteURL.screening(screening.id).path, type: .normal)
            } catch TandemError.validation(let errors) {
                let view = try await self.engagements.loadOpen(try context.id(), for: account)
                return try await self.form(view, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.screening))) { request, context in
            let account = context.account
            let (screening, view) = try await self.engagements.screening(try context.id(), for: account, need: .read)
            return try await self.result(screening, view, context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.overrideScreening))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let screening = try await self.engagements.override(
                    try context.id(), result: form["result"], reason: form["reason"], by: account)
                return Response.redirect(to: Flash.overridden.appended(to: SiteURL.screening(screening.id).path), type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "result") else { throw error }
                let (screening, view) = try await self.engagements.screening(try context.id(), for: account, need: .read)
                return try await self.result(
                    screening, view, context, errors: errors, values: form.values, status: error.isConflict ? .conflict : .unprocessableContent)
            }
        }
    }

    private static let capacityOptions = Capacity.allCases.map { ($0.rawValue, $0.label) }

    private func form(
        _ view: EngagementView, _ context: SignedInContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let flags = Set(SafetyFlag.allCases.map(\.rawValue).filter { values["safetyFlags-\($0)"] == "on" })
        let items: [FormItem] = [
            .choices(
                .checkboxes(
                    "safetyFlags", "Safety flags", options: SafetyFlag.allCases.map { ($0.rawValue, $0.label) }, checked: flags, errors: errors,
                    hint: "Any one of these means not now, whatever the rest of the answers.")),
            .choices(.radio("stability", "Is the client stable?", options: Self.capacityOptions, selected: values["stability"], errors: errors)),
            .choices(
                .radio(
                    "functioning", "Is the client functioning day to day?", options: Self.capacityOptions, selected: values["functioning"],
                    errors: errors)),
            .choices(
                .radio(
                    "followThrough", "Can the client follow through with action between sessions?", options: Self.capacityOptions,
                    selected: values["followThrough"], errors: errors)),
            .choices(
                .radio(
                    "readiness", "Readiness for change", options: ReadinessStage.allCases.map { ($0.rawValue, $0.label) },
                    selected: values["readiness"], errors: errors)),
            .field(
                FormField(
                    "importance", "Importance of the change, 0 to 10", type: "number", value: values["importance"], errors: errors,
                    hint: "“How important is it for you to make this change?”", required: true)),
            .field(
                FormField(
                    "confidence", "Confidence to make it, 0 to 10", type: "number", value: values["confidence"], errors: errors,
                    hint: "“How confident are you that you could make it?”", required: true)),
            .choices(
                .radio(
                    "directivePreference", "Does the client want a directive, action-oriented style?",
                    options: DirectivePreference.allCases.map { ($0.rawValue, $0.label) }, selected: values["directivePreference"], errors: errors)),
        ]
        let page = FormPage.about(
            view, shell: try await self.services.shell("Screen for coachability", context, current: .clients),
            heading: "Is \(view.item.clientName) coachable now?",
            lede:
                "A directive, action-oriented method suits some clients and is too exacting for vulnerable ones. The result and its reasons are computed from these answers; the rules are in the README.",
            note: nil, action: .engagementScreenings(view.engagement.id), submitLabel: "Record the screening", errors: errors, items: items
        )
        return try self.services.views.render(page, status: status)
    }

    private func result(
        _ s: Screening, _ view: EngagementView, _ context: SignedInContext, flash: String? = nil, errors: [FieldError] = [],
        values: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let shell = try await self.services.shell("Screening result", context, current: .clients, flash: flash)
        let page = ScreeningResultPage.make(s, view, shell: shell, errors: errors, values: values, zone: context.account.sessionDefaults.zone)
        return try self.services.views.render(page, status: status)
    }
}
