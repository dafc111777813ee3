import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The client's portal: accepting an invitation, signing in and out, the home page with their engagement, ticking
/// action steps, answering before a session, questionnaires, and the progress picture when shared.
struct PortalPagesController: Sendable {
    let services: AppServices
    var portal: Portal { self.services.app.portal }

    func shell(_ title: String, _ context: some TandemRequestContext, flash: String? = nil) async throws -> Shell {
        Shell(
            title: title, practiceName: try await self.services.practice()?.name, account: nil, nav: [],
            csrf: context.base.csrfBinding.map { self.services.csrf.token(for: $0) } ?? "", flash: flash
        )
    }

    func addRoutes(to portal: RouterGroup<TandemContext>, signedIn: RouterGroup<ClientContext>) {
        portal.get("invitations/:token") { _, context in
            do {
                let (_, item) = try await self.portal.invitation(token: context.parameters.get("token"))
                return try await self.signUp(
                    context, token: context.parameters.get("token") ?? "", clientName: item.clientName, values: [:], errors: [])
            } catch let error as TandemError {
                return try await self.notice(context, error)
            }
        }
        portal.post("invitations/:token") { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let token = context.parameters.get("token")
            do {
                let account = try await self.portal.accept(token: token, email: form["email"], password: form.secret("password"))
                var response = Response.redirect(to: "/portal?done=welcome", type: .normal)
                self.setSessionCookie(try await self.portal.startSession(for: account), on: &response)
                return response
            } catch TandemError.validation(let errors) {
                let (_, item) = try await self.portal.invitation(token: token)
                return try await self.signUp(
                    context, token: token ?? "", clientName: item.clientName, values: form.values, errors: errors, status: .unprocessableContent)
            } catch let error as TandemError {
                return try await self.notice(context, error)
            }
        }
        portal.get("signin") { request, context in
            if context.client != nil { return Response.redirect(to: "/portal", type: .normal) }
            let expired = ["1", "lifetime"].contains(request.uri.queryParameters.get("expired") ?? "")
            return try await self.signIn(
                context, email: "", message: expired ? "You were signed out after a while without activity. Please sign in again." : nil,
                flash: request.uri.queryParameters.get("done") == "signedout" ? "You are signed out." : nil)
        }
        portal.post("signin") { request, context in
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let password = form.secret("password") ?? ""
            switch try await self.portal.signIn(email: email, password: password, from: self.services.clientAddress(request, context)) {
            case .refused(let refusal):
                return try await self.signIn(
                    context, email: email, message: refusal.message, status: refusal.locked ? .tooManyRequests : .unauthorized)
            case .needsSecondFactor:
                return try await self.signIn(context, email: email, message: SignInThrottle.refusedMessage, status: .unauthorized)
            case .signedIn(_, let token):
                var response = Response.redirect(to: "/portal", type: .normal)
                self.setSessionCookie(token, on: &response)
                return response
            }
        }
        portal.post("signout") { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            if let hash = context.portalSessionHash { try await self.portal.end(hash) }
            var response = Response.redirect(to: "/portal/signin?done=signedout", type: .normal)
            response.setCookie(
                CookieRealm.portal.make(CookieRealm.portal.session, "", secure: self.services.configuration.secureCookies, clear: true))
            return response
        }
        signedIn.get("") { request, context in
            let account = context.client
            let done = request.uri.queryParameters.get("done").map { String($0) }
            // After a risk answer the practice's crisis text stands apart from the ordinary confirmation.
            let crisis = done == "support" ? try await self.services.app.administration.crisisText() : nil
            return try await self.home(account, request, context, flash: Self.flash(done), crisis: crisis)
        }
        signedIn.post("action-steps/:id/check") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let step: ActionStep.ID = try context.id()
            do {
                _ = try await self.portal.check(step, status: form["status"], note: form["note"], by: account)
                return Response.redirect(to: "/portal?done=checked#steps", type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "status") else { throw error }
                // Each step has its own form: the errors point at its fields, and what was typed is shown again.
                let keyed = errors.map { FieldError(field: "\($0.field == "note" ? "note" : "status")-\(step)", message: $0.message) }
                return try await self.home(
                    account, request, context, errors: keyed, values: ["note-\(step)": form["note"] ?? ""], status: .unprocessableContent)
            }
        }
        signedIn.post("sessions/:id/intention") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let session: Session.ID = try context.id()
            do {
                _ = try await self.portal.intend(session, text: form["text"], by: account)
                return Response.redirect(to: "/portal?done=intention#next", type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "text") else { throw error }
                let field = "intention-\(session)"
                return try await self.home(
                    account, request, context, errors: errors.map { FieldError(field: field, message: $0.message) },
                    values: [field: form["text"] ?? ""],
                    status: .unprocessableContent)
            }
        }
        signedIn.post("consent") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                _ = try await self.services.app.consents.agree(typedName: form["typedName"], by: account)
                return Response.redirect(to: "/portal?done=consented#consent", type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.home(
                    account, request, context, errors: errors, values: ["typedName": form["typedName"] ?? ""], status: .unprocessableContent)
            }
        }
        signedIn.post("consent/withdraw") { request, context in
            _ = try await FormData.read(request, context: context, csrf: self.services.csrf)
            try await self.services.app.consents.withdraw(by: context.client)
            return Response.redirect(to: "/portal?done=withdrawn#consent", type: .normal)
        }
        signedIn.post("sessions/:id/how-far") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let session: Session.ID = try context.id()
            do {
                _ = try await self.portal.rateHowFar(session, rating: form["rating"], by: account)
                return Response.redirect(to: "/portal?done=howfar#past", type: .normal)
            } catch let error as TandemError {
                guard let errors = error.formErrors(conflictOn: "rating") else { throw error }
                let field = "rating-\(session)"
                return try await self.home(
                    account, request, context, errors: errors.map { FieldError(field: field, message: $0.message) },
                    values: [field: form["rating"] ?? ""],
                    status: error.isConflict ? .conflict : .unprocessableContent)
            }
        }
        signedIn.get("measures/:instrument") { _, context in
            let account = context.client
            let instrument = try await self.portal.assigned(context.parameters.get("instrument"), for: account)
            return try await self.measureForm(instrument, context, values: [:], errors: [])
        }
        signedIn.post("measures/:instrument") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let instrument = try await self.portal.assigned(context.parameters.get("instrument"), for: account)
            let answers = InstrumentForm.answers(instrument, from: form)
            do {
                let result = try await self.portal.answer(instrument, answers: answers, by: account)
                return Response.redirect(to: "/portal?done=" + (result.administration.riskFlags.isEmpty ? "answered" : "support"), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.measureForm(instrument, context, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        signedIn.post("tokens") { request, context in
            let account = context.client
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let token = try await self.portal.createAppToken(named: form["name"] ?? "my phone", for: account)
            // Shown in this answer only.
            let page = PortalNoticePage(
                shell: try await self.shell("App token", context), heading: "Your app token",
                lede: "Copy it into the app now: it is shown only this once. It reads and writes your portal only.", note: token, action: nil,
                submitLabel: "",
                errorSummary: nil, items: [], backHref: "/portal"
            )
            return try self.services.views.render(page, status: .created)
        }
        signedIn.get("progress") { request, context in
            let account = context.client
            let (portalView, view, picture) = try await self.portal.progress(for: account)
            let page = PortalProgressPage.make(
                view, picture, zone: ViewerZone(request, fallback: portalView.zone).zone, shell: try await self.shell("Your progress", context))
            return try self.services.views.render(page)
        }
    }

    static func flash(_ code: String?) -> String? {
        switch code {
        case "welcome": "Welcome. Your portal is ready."
        case "checked": "Saved. Your practitioner will see it at your next session."
        case "intention": "Saved. Your practitioner will see it before your session."
        case "answered": "Thank you. Your answers are saved."
        case "howfar": "Thank you. Your practitioner will see how far you felt the session got."
        case "consented": "Thank you. Your consent is recorded with today's date."
        case "withdrawn": "Your consent is withdrawn. Your practitioner has been told; your sessions continue as ordinary therapy."
        case "support":
            "Thank you. Your answers are saved and your practitioner will see them."
        default: nil
        }
    }

    private func setSessionCookie(_ token: String, on response: inout Response) {
        response.setCookie(CookieRealm.portal.make(CookieRealm.portal.session, token, secure: self.services.configuration.secureCookies))
    }

    private func notice(_ context: some TandemRequestContext, _ error: TandemError) async throws -> Response {
        let message = error.message
        let page = PortalNoticePage(
            shell: try await self.shell("Invitation", context), heading: "This link cannot be used", lede: message, note: nil, action: nil,
            submitLabel: "",
            errorSummary: nil, items: [], backHref: "/portal/signin"
        )
        let status: HTTPResponse.Status = if case .notFound = error { .notFound } else { .gone }
        return try self.services.views.render(page, status: status)
    }

    private func signUp(
        _ context: some TandemRequestContext, token: String, clientName: String, values: [String: String], errors: [FieldError],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = PortalNoticePage(
            shell: try await self.shell("Set up your portal", context), heading: "Welcome, \(clientName)",
            lede: "Set up your own sign-in for your Tandem portal: your action steps, your takeaways, and what you want from your next session.",
            note: nil, action: "/portal/invitations/\(token)", submitLabel: "Create my portal", errorSummary: ErrorSummary(errors),
            items: [
                .field(
                    FormField(
                        "email", "Your email", type: "email", value: values["email"], errors: errors, hint: "You sign in with it.", required: true,
                        autocomplete: "email", maxLength: Validator.maximumEmailLength)),
                .field(
                    FormField(
                        "password", "Choose a password", type: "password", errors: errors,
                        hint: "At least 12 characters. A short sentence is easy to remember.", required: true, autocomplete: "new-password")),
            ],
            backHref: nil
        )
        return try self.services.views.render(page, status: status)
    }

    private func signIn(
        _ context: some TandemRequestContext, email: String, message: String?, flash: String? = nil, status: HTTPResponse.Status = .ok
    )
        async throws -> Response
    {
        let page = PortalNoticePage(
            shell: try await self.shell("Sign in", context, flash: flash), heading: "Sign in to your portal", lede: nil, note: message,
            action: "/portal/signin",
            submitLabel: "Sign in", errorSummary: nil,
            items: [
                .field(
                    FormField(
                        "email", "Email", type: "email", value: email, required: true, autocomplete: "email", maxLength: Validator.maximumEmailLength)
                ),
                .field(FormField("password", "Password", type: "password", required: true, autocomplete: "current-password")),
            ],
            backHref: nil
        )
        return try self.services.views.render(page, status: status)
    }

    private func measureForm(
        _ instrument: Instrument, _ context: some TandemRequestContext, values: [String: String], errors: [FieldError],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let mapped = InstrumentForm.errors(errors)
        let page = PortalNoticePage(
            shell: try await self.shell(instrument.shortName, context), heading: instrument.shortName, lede: instrument.instructions, note: nil,
            action: "/portal/measures/\(instrument.id)", submitLabel: "Send my answers", errorSummary: ErrorSummary(mapped),
            items: InstrumentForm.items(instrument, values: values, errors: mapped, showValues: false),
            backHref: "/portal"
        )
        return try self.services.views.render(page, status: status)
    }

    private func home(
        _ account: ClientAccount, _ request: Request, _ context: some TandemRequestContext, flash: String? = nil, errors: [FieldError] = [],
        values: [String: String] = [:], crisis: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = try await self.portal.view(for: account)
        var page = PortalHomePage.make(
            view, zone: ViewerZone(request, fallback: view.zone), shell: try await self.shell("Your portal", context, flash: flash), errors: errors,
            values: values, now: self.services.now)
        page.crisis = crisis
        return try self.services.views.render(page, status: status)
    }
}
