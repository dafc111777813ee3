import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The psychotherapy note's own page: read and written by its author only (anyone else finds none).
struct PsychotherapyNotePagesController: Sendable {
    let services: AppServices
    var notes: PsychotherapyNotes { self.services.app.psychotherapyNotes }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.pattern(SiteURL.psychotherapyNote))) { request, context in
            let id: Session.ID = try context.id()
            return try await self.page(id, note: try await self.notes.read(id, by: context.account), context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.psychotherapyNote))) { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: Session.ID = try context.id()
            do {
                _ = try await self.notes.put(id, text: form["text"], by: context.account)
                return Response.redirect(to: Flash.saved.appended(to: SiteURL.psychotherapyNote(id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.page(
                    id, note: nil, context, values: ["text": form["text"] ?? ""], errors: errors, status: .unprocessableContent)
            }
        }
    }

    private func page(
        _ id: Session.ID, note: PsychotherapyNote?, _ context: SignedInContext, flash: String? = nil, values: [String: String] = [:],
        errors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let account = context.account
        let session = try await self.services.app.sessions.load(id, for: account, need: .read)
        let page = PsychotherapyNotePage(
            shell: try await self.services.shell("Psychotherapy note", context, current: .today, flash: flash),
            heading: "Psychotherapy note: \(session.item.clientName)", sessionHref: SiteURL.session(id).path,
            updated: note.map { Formats.dateTime($0.updatedAt, in: account.sessionDefaults.zone) },
            action: session.canRecord ? SiteURL.psychotherapyNote(id).path : nil,
            field: session.canRecord
                ? FormField(
                    "text", "Private note", type: "textarea", value: values["text"] ?? note?.text, errors: errors, required: true,
                    maxLength: PsychotherapyNote.limit)
                : nil,
            errorSummary: ErrorSummary(errors))
        return try self.services.views.render(page, status: status)
    }
}
