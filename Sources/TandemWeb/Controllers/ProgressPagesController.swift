import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The progress page of an engagement (for the therapist to look at with the client), its CSV, and the form to
/// record a questionnaire in session.
struct ProgressPagesController: Sendable {
    let services: AppServices
    var progress: ProgressReads { self.services.app.progress }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.pattern(SiteURL.progress))) { request, context in
            let account = context.account
            let (view, picture) = try await self.progress.progress(try context.id(), for: account)
            return try await self.render(view, picture, for: account, context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.goalScales))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                _ = try await self.progress.scaleGoal(
                    try context.id(), goal: form["goal"], levels: (0..<5).map { form["level\($0)"] }, weight: form["weight"], by: account
                )
                return Response.redirect(
                    to: Flash.goalScaled.appended(to: SiteURL.progress(try context.id()).path) + "#gas",
                    type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "goal") else { throw error }
                let (view, picture) = try await self.progress.progress(try context.id(), for: account)
                return try await self.render(view, picture, for: account, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.goalReviews))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let (_, before) = try await self.progress.progress(try context.id(), for: account)
            let typed: [(scale: String?, level: Int?)] = before.goalScales.map { ($0.id.description, form["rating-\($0.id)"].flatMap { Int($0) }) }
            do {
                _ = try await self.progress.reviewGoals(try context.id(), ratings: typed, by: account)
                return Response.redirect(
                    to: Flash.goalsReviewed.appended(to: SiteURL.progress(try context.id()).path) + "#gas",
                    type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "ratings") else { throw error }
                let (view, picture) = try await self.progress.progress(try context.id(), for: account)
                return try await self.render(view, picture, for: account, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.progressCSV))) { _, context in
            let account = context.account
            let (view, picture) = try await self.progress.progress(try context.id(), for: account)
            return MeasuresAPIController.csv(ProgressCSV.make(picture), name: "progress-\(view.engagement.id).csv")
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.newMeasure))) { request, context in
            let account = context.account
            let view = try await self.services.app.engagements.loadOpen(try context.id(), for: account)
            let instrument = try self.services.app.questionnaires.instrument(request.uri.queryParameters.get("instrument").map { String($0) })
            return try await self.form(view, instrument, context, values: [:], errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementMeasures))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            // Who may record comes first: a stranger learns nothing, not even which instruments exist.
            _ = try await self.services.app.engagements.loadOpen(try context.id(), for: account)
            let instrument = try self.services.app.questionnaires.instrument(request.uri.queryParameters.get("instrument").map { String($0) })
            let answers = InstrumentForm.answers(instrument, from: form)
            do {
                let (result, _) = try await self.services.app.questionnaires.record(
                    instrument: instrument.id, answers: answers, administeredAt: nil, in: try context.id(), by: account)
                let flash: Flash = result.administration.riskFlags.isEmpty ? .measureRecorded : .measureRisk
                return Response.redirect(to: flash.appended(to: SiteURL.progress(result.administration.engagementID).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let view = try await self.services.app.engagements.loadOpen(try context.id(), for: account)
                return try await self.form(view, instrument, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func form(
        _ view: EngagementView, _ instrument: Instrument, _ context: SignedInContext, values: [String: String], errors: [FieldError],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let mapped = InstrumentForm.errors(errors)
        let items = InstrumentForm.items(instrument, values: values, errors: mapped, showValues: true)
        let page = FormPage.about(
            view, shell: try await self.services.shell(instrument.shortName, context, current: .clients),
            heading: "\(instrument.shortName): \(instrument.name)",
            lede: instrument.instructions, note: "Answered in session with the therapist. \(instrument.licence)",
            action: .engagementMeasures(view.engagement.id), query: "?instrument=\(instrument.id)", submitLabel: "Score and save", errors: mapped,
            items: items
        )
        return try self.services.views.render(page, status: status)
    }

    private func render(
        _ view: EngagementView, _ picture: ProgressPicture, for account: Account, _ context: SignedInContext, flash: String? = nil,
        values: [String: String] = [:],
        errors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let shell = try await self.services.shell("Progress · \(view.item.clientName)", context, current: .clients, flash: flash)
        let page = ProgressPage.make(
            view, picture, zone: account.sessionDefaults.zone, shell: shell, instruments: self.services.instruments.instruments, values: values,
            errors: errors)
        return try self.services.views.render(page, status: status)
    }

}
