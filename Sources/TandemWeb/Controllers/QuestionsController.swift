import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The question library page: Tandem's questions and the practitioner's own, searchable; add your own.
struct QuestionsController: Sendable {
    let services: AppServices

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.questions.pattern)) { request, context in
            let account = context.account
            let q = String((request.uri.queryParameters.get("q") ?? "").prefix(200))
            return try await self.render(context, account: account, query: q, values: [:], errors: [], flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.questions.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                _ = try await self.services.app.questions.add(phase: form["phase"], purpose: form["purpose"], text: form["text"], by: account)
                return Response.redirect(to: Flash.questionAdded.appended(to: SiteURL.questions.path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.render(context, account: account, query: "", values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func render(
        _ context: SignedInContext, account: Account, query: String, values: [String: String], errors: [FieldError], flash: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let questions = try await self.services.app.questions.questions(for: account, phase: nil, search: query)
        let page = QuestionLibraryPage(
            shell: try await self.services.shell("Question library", context, current: .questions, flash: flash),
            query: query, hasRows: !questions.isEmpty,
            rows: questions.map { .init(phase: $0.phase.label, purpose: $0.purpose.label, text: $0.text, own: $0.ownerID != nil) },
            action: SiteURL.questions.path, errorSummary: ErrorSummary(errors),
            items: [
                .choices(
                    .radio("phase", "Phase", options: Phase.allCases.map { ($0.rawValue, $0.label) }, selected: values["phase"], errors: errors)),
                .choices(
                    .radio(
                        "purpose", "Purpose", options: QuestionPurpose.allCases.map { ($0.rawValue, $0.label) }, selected: values["purpose"],
                        errors: errors)),
                .field(FormField("text", "Question", value: values["text"], errors: errors, required: true, maxLength: Question.maximumText)),
            ]
        )
        return try self.services.views.render(page, status: status)
    }
}
