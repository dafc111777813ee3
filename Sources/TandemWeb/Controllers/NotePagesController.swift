import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The note of record in the browser: drafted from the ended session's page, edited, signed after one confirmation,
/// then only signed addenda. The same use cases as the API.
struct NotePagesController: Sendable {
    let services: AppServices
    var notes: Notes { self.services.app.notes }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.post(RouterPath(SiteURL.pattern(SiteURL.draftNote))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let record = try await self.notes.draft(
                try context.id(), format: form["format"] ?? account.sessionDefaults.noteFormat.rawValue, by: account)
            return Response.redirect(to: Flash.noteDrafted.appended(to: SiteURL.note(record.note.id).path), type: .normal)
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.note))) { request, context in
            try await self.page(try await self.notes.note(try context.id(), for: context.account), context, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.note))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: ProgressNote.ID = try context.id()
            let texts = (0..<NotePage.mostSections).map { form[NotePage.sectionField($0)] }
            do {
                let saved = try await self.notes.edit(id, texts: texts, by: account)
                guard form["then"] == "sign" else {
                    return Response.redirect(to: Flash.noteSaved.appended(to: SiteURL.note(id).path), type: .normal)
                }
                return try await self.confirmSigning(saved, context)
            } catch TandemError.validation(let errors) {
                let values = Dictionary(uniqueKeysWithValues: texts.enumerated().map { (NotePage.sectionField($0.offset), $0.element ?? "") })
                return try await self.page(
                    try await self.notes.note(id, for: account), context, values: values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.signNote))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: ProgressNote.ID = try context.id()
            guard ConfirmPage.isConfirmed(form) else { return try await self.confirmSigning(try await self.notes.note(id, for: account), context) }
            _ = try await self.notes.sign(id, by: account)
            return Response.redirect(to: Flash.noteSigned.appended(to: SiteURL.note(id).path), type: .normal)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.noteAddenda))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: ProgressNote.ID = try context.id()
            do {
                _ = try await self.notes.addAddendum(id, text: form["text"], by: account)
                return Response.redirect(to: Flash.noteAddendum.appended(to: SiteURL.note(id).path) + "#addenda", type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.page(
                    try await self.notes.note(id, for: account), context, values: ["text": form["text"] ?? ""], errors: errors,
                    status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.reviewNote))) { request, context in try await self.review(request, context) }
    }

    /// The supervisor's review: co-signed, or returned with the comment.
    private func review(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let account = context.account
        let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
        let id: ProgressNote.ID = try context.id()
        do {
            let record = try await self.notes.review(id, decision: form["decision"], comment: form["comment"], by: account)
            let flash: Flash = record.note.cosignature != nil ? .noteCosigned : .noteReturned
            return Response.redirect(to: flash.appended(to: SiteURL.note(id).path), type: .normal)
        } catch TandemError.validation(let errors) {
            return try await self.page(
                try await self.notes.note(id, for: account), context, values: ["comment": form["comment"] ?? ""], errors: errors,
                status: .unprocessableContent)
        }
    }

    /// Signing cannot be undone: it asks once, naming what it locks.
    private func confirmSigning(_ record: NoteRecord, _ context: SignedInContext) async throws -> Response {
        guard record.canWrite else {
            throw TandemError.forbidden(EngagementAccess.readOnlyMessage(holder: record.context.engagement.item.practitionerName))
        }
        let id = record.note.id
        let page = ConfirmPage(
            shell: try await self.services.shell("Sign the note", context, current: .today),
            heading: "Sign the progress note for \(record.context.engagement.item.clientName)?",
            consequence:
                "Signing locks the note with your name, the time and a SHA-256 of its text. It cannot be changed afterwards, by you or anyone: corrections are signed addenda.",
            warnings: [], action: SiteURL.signNote(id).path, confirmLabel: "Sign and lock the note", backHref: SiteURL.note(id).path,
            backLabel: "Back to the draft")
        return try self.services.views.render(page)
    }

    private func page(
        _ record: NoteRecord, _ context: SignedInContext, flash: String? = nil, values: [String: String] = [:], errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let shell = try await self.services.shell("Progress note", context, current: .today, flash: flash)
        let page = NotePage.make(
            record, viewer: context.account, practiceName: shell.practiceName ?? "", zone: context.account.sessionDefaults.zone, shell: shell,
            values: values,
            errors: errors)
        return try self.services.views.render(page, status: status)
    }
}
