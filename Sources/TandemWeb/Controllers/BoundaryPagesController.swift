import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// Boundary crossings, boundary incidents and their addenda, from the engagement page.
struct BoundaryPagesController: Sendable {
    let services: AppServices
    var engagements: Engagements { self.services.app.engagements }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.pattern(SiteURL.newCrossing))) { _, context in
            let account = context.account
            let view = try await self.engagements.load(try context.id(), for: account, need: .write)
            return try await self.crossingForm(view, context, values: ["date": LocalDate(self.services.now).description], errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementCrossings))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let crossing = try await self.services.app.boundaries.recordCrossing(
                    date: form["date"], kind: form["kind"], rationale: form["rationale"], clientResponse: form["clientResponse"],
                    consultationSought: form["consultationSought"] == "yes", in: try context.id(), by: account
                )
                return Response.redirect(to: Flash.crossingRecorded.appended(to: SiteURL.engagement(crossing.engagementID).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let view = try await self.engagements.load(try context.id(), for: account, need: .write)
                return try await self.crossingForm(view, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.newIncident))) { _, context in
            let account = context.account
            let view = try await self.engagements.load(try context.id(), for: account, need: .write)
            return try await self.incidentForm(view, context, values: ["date": LocalDate(self.services.now).description], errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementIncidents))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let incident = try await self.services.app.boundaries.recordIncident(
                    date: form["date"], kind: form["kind"], description: form["description"], in: try context.id(), by: account
                )
                return Response.redirect(to: Flash.incidentRecorded.appended(to: SiteURL.engagement(incident.engagementID).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let view = try await self.engagements.load(try context.id(), for: account, need: .write)
                return try await self.incidentForm(view, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.crossingAddenda))) { request, context in
            try await self.addAddendum(request, context, to: .crossing(try context.id()))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.incidentAddenda))) { request, context in
            try await self.addAddendum(request, context, to: .incident(try context.id()))
        }
    }

    private func addAddendum(_ request: Request, _ context: SignedInContext, to subject: BoundarySubject) async throws -> Response {
        let account = context.account
        let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
        let uuid =
            switch subject {
            case .crossing(let id): id.uuid
            case .incident(let id): id.uuid
            }
        let text = form[EngagementPage.addendumFieldName(uuid)]
        do {
            let (_, engagementID) = try await self.services.app.boundaries.addAddendum(to: subject, text: text, by: account)
            return Response.redirect(
                to: Flash.addendumAdded.appended(to: SiteURL.engagement(engagementID).path) + "#record-\(uuid.uuidString.lowercased())", type: .normal
            )
        } catch TandemError.validation(let errors) {
            guard let engagementID = try await self.engagements.engagement(of: subject) else { throw TandemError.notFound("The boundary record") }
            let record = try await self.engagements.record(engagementID, for: account)
            return try await self.services.engagementPage(
                record, context, addendumError: (uuid, text ?? "", errors.first?.message ?? "Check the addendum."), status: .unprocessableContent)
        }
    }

    private func crossingForm(
        _ view: EngagementView, _ context: SignedInContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let items: [FormItem] = [
            .field(FormField("date", "Date of the crossing", type: "date", value: values["date"], errors: errors, required: true)),
            .choices(
                .radio(
                    "kind", "Kind of crossing", options: CrossingKind.allCases.map { ($0.rawValue, $0.label) }, selected: values["kind"],
                    errors: errors)),
            .field(
                FormField(
                    "rationale", "Clinical rationale", type: "textarea", value: values["rationale"], errors: errors,
                    hint: "Why this crossing serves the client's treatment: at least \(BoundaryRules.minimumRationale) characters.", required: true,
                    maxLength: BoundaryRules.maximumText)),
            .field(
                FormField(
                    "clientResponse", "The client's response", type: "textarea", value: values["clientResponse"], errors: errors,
                    maxLength: BoundaryRules.maximumText)),
            .choices(
                .radio(
                    "consultationSought", "Was consultation sought?", options: [("yes", "Yes"), ("no", "No")],
                    selected: values["consultationSought"] ?? "no", errors: errors)),
        ]
        let page = FormPage.about(
            view, shell: try await self.services.shell("Record a boundary crossing", context, current: .clients),
            heading: "Record a boundary crossing",
            lede:
                "A crossing is a departure from the office frame that can help the work, documented with its rationale. Once recorded it cannot be changed or deleted; an addendum can correct it.",
            note: "Sexual contact, exploitation or misuse of a dual relationship is never a crossing: record it as a boundary incident.",
            action: .engagementCrossings(view.engagement.id), submitLabel: "Record the crossing", errors: errors, items: items
        )
        return try self.services.views.render(page, status: status)
    }

    private func incidentForm(
        _ view: EngagementView, _ context: SignedInContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let items: [FormItem] = [
            .field(FormField("date", "Date of the incident", type: "date", value: values["date"], errors: errors, required: true)),
            .choices(
                .radio(
                    "kind", "Kind of incident", options: IncidentKind.allCases.map { ($0.rawValue, $0.label) }, selected: values["kind"],
                    errors: errors)),
            .field(
                FormField(
                    "description", "What happened", type: "textarea", value: values["description"], errors: errors, required: true,
                    maxLength: BoundaryRules.maximumText)),
        ]
        let page = FormPage.about(
            view, shell: try await self.services.shell("Record a boundary incident", context, current: .clients),
            heading: "Record a boundary incident",
            lede:
                "A boundary violation is never clinically indicated. Recording it marks this engagement for review and tells the practice owner at once. Seek consultation.",
            note: nil, action: .engagementIncidents(view.engagement.id), submitLabel: "Record the incident", errors: errors, items: items
        )
        return try self.services.views.render(page, status: status)
    }
}
