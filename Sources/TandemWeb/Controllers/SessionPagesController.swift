import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The session page (before, live, after), its forms, the day view and the question library page. Every form posts,
/// saves at once and comes back to the session page, so nothing recorded lives only in the browser.
struct SessionPagesController: Sendable {
    let services: AppServices
    var sessions: Sessions { self.services.app.sessions }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.pattern(SiteURL.session))) { request, context in
            let account = context.account
            let record = try await self.sessions.record(try context.id(), for: account)
            return try await self.render(
                record, for: account, context, query: request.uri.queryParameters.get("q").map { String($0) }, flash: Flash.from(request))
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.engagementSessions))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let zone = account.sessionDefaults.zone
            let at = Formats.instant(date: form["date"], time: form["time"], in: zone)
            let problem = at == nil ? "Give the date (YYYY-MM-DD) and the time (HH:MM) of the session." : nil
            let draft = SessionDraft(
                scheduledAt: at, scheduledAtProblem: problem, lengthMinutes: form["lengthMinutes"], opening: form["opening"], work: form["work"],
                closing: form["closing"]
            )
            do {
                let session = try await self.sessions.schedule(try context.id(), draft, by: account)
                return Response.redirect(to: Flash.sessionScheduled.appended(to: SiteURL.session(session.id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let record = try await self.services.app.engagements.record(try context.id(), for: account)
                return try await self.services.engagementPage(
                    record, context, errors: errors, values: form.values, status: .unprocessableContent)
            }
        }
        for action in SiteURL.SessionAction.allCases {
            router.post(RouterPath(SiteURL.sessionAction(Session.ID(), action).pattern)) { request, context in
                try await self.act(action, request, context)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.updateMarker))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let id: Marker.ID = try context.id()
            let marker: Marker
            do {
                marker = try await self.services.app.live.updateMarker(
                    id, text: .some(form["text"]), namedBy: form["namedBy"], highlighted: form["highlighted"].map { _ in form.isOn("highlighted") },
                    by: account
                )
            } catch TandemError.validation(let errors) {
                // Refused words go back to the session page, kept in the marker's own field, which the summary links to.
                guard let session = form["session"].flatMap(Session.ID.init) else { throw TandemError.validation(errors) }
                let field = "marker-\(id)-text"
                let record = try await self.sessions.record(session, for: account)
                return try await self.render(
                    record, for: account, context, values: [field: form["text"] ?? ""],
                    errors: errors.map { FieldError(field: $0.field == "text" ? field : $0.field, message: $0.message) },
                    status: .unprocessableContent)
            }
            return Response.redirect(to: Flash.saved.appended(to: SiteURL.session(marker.sessionID).path) + "#marker-\(marker.id)", type: .normal)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.reviewActionStep))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            let step = try await self.services.app.live.review(
                try context.id(), status: form["status"], clientWords: form["clientWords"], by: account)
            guard let sessionID = step.review?.sessionID else {
                return Response.redirect(to: Flash.reviewed.appended(to: SiteURL.engagement(step.engagementID).path), type: .normal)
            }
            return Response.redirect(to: Flash.reviewed.appended(to: SiteURL.session(sessionID).path) + "#review", type: .normal)
        }
        router.get(RouterPath(SiteURL.today.pattern)) { request, context in
            let account = context.account
            let zone = account.sessionDefaults.zone
            let day = request.uri.queryParameters.get("date").flatMap { LocalDate(String($0)) } ?? Formats.day(self.services.now, in: zone)
            let items = try await self.sessions.day(
                from: Formats.startOfDay(day, in: zone), to: Formats.startOfDay(day.adding(days: 1), in: zone), for: account)
            var page = DayPage(
                shell: try await self.services.shell("Today", context, current: .today, flash: Flash.from(request)),
                heading: day == Formats.day(self.services.now, in: zone) ? "Today, \(Formats.date(day))" : "Sessions on \(Formats.date(day))",
                zone: Formats.zoneName(zone),
                previousHref: SiteURL.today.path + "?date=\(day.adding(days: -1))", nextHref: SiteURL.today.path + "?date=\(day.adding(days: 1))",
                hasRows: !items.isEmpty,
                rows: items.map {
                    .init(
                        time: Formats.time($0.session.scheduledAt, in: zone), href: SiteURL.session($0.session.id).path, client: $0.clientName,
                        role: $0.role.label,
                        length: "\($0.session.lengthMinutes) min", status: $0.session.status.label, statusClass: $0.session.status.rawValue
                    )
                }
            )
            page.safetyAlerts = AlertCard.cards(try await self.services.app.alerts.entries(for: account), zone: zone)
            let notes = try await self.services.app.notes.toDo(for: account)
            page.notesToSign = DayPage.NoteToSign.rows(notes.unsigned.notes, now: self.services.now, zone: zone)
            page.notesMore = DayPage.more(notes.unsigned)
            page.notesReturned = DayPage.ListedNote.rows(notes.returned.notes, zone: zone)
            page.returnedMore = DayPage.more(notes.returned)
            page.notesAwaiting = DayPage.ListedNote.rows(notes.awaiting.notes, zone: zone)
            page.awaitingMore = DayPage.more(notes.awaiting)
            return try self.services.views.render(page)
        }
    }

    /// One form of the session page: saved, then back to the page (a refusal re-renders it with the problem named).
    private func act(_ action: SiteURL.SessionAction, _ request: Request, _ context: SignedInContext) async throws -> Response {
        let account = context.account
        let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
        let raw: Session.ID = try context.id()
        let (steps, live) = (self.services.app.sessionSteps, self.services.app.live)
        if action == .heartbeat {
            // The live page's heartbeat: the session middleware did not touch the sign-in for it; this does, while
            // the session runs. 204 kept alive; 409 once it no longer may (the page stops sending).
            guard try await live.keepsSignInAlive(raw, by: account), let hash = context.sessionTokenHash else {
                return Response(status: .conflict)
            }
            try await self.services.app.signIn.touch(hash)
            return Response(status: .noContent)
        }
        if [.end, .cancel, .noShow].contains(action), !ConfirmPage.isConfirmed(form) {
            return try await self.confirm(action, raw, account, context)
        }
        do {
            let flash: Flash
            var anchor = ""
            switch action {
            case .heartbeat:
                return Response(status: .noContent)
            case .start:
                try await steps.start(raw, by: account)
                flash = .sessionStarted
            case .phase:
                try await steps.move(raw, to: form["phase"], skipReason: form["skipAgreementReason"], by: account)
                flash = form["phase"] == Phase.closing.rawValue ? .closingBegun : .workBegun
            case .end:
                try await steps.end(raw, by: account)
                flash = .sessionEnded
            case .cancel, .noShow:
                try await steps.cancel(raw, as: action == .cancel ? .cancelled : .noShow, by: account)
                flash = action == .cancel ? .sessionCancelled : .sessionNoShow
            case .agreement:
                _ = try await live.agree(clientWords: form["clientWords"], focus: form["focus"], in: raw, by: account)
                (flash, anchor) = (.agreed, "#agreement")
            case .progress:
                try await live.noteProgress(form["progressNotes"], in: raw, by: account)
                (flash, anchor) = (.saved, "#review")
            case .markers:
                let command = RecordMarker(kind: form["kind"], text: form["text"], namedBy: form["namedBy"], highlighted: form.isOn("highlighted"))
                _ = try await live.addMarker(command, in: raw, by: account)
                (flash, anchor) = (.markerRecorded, "#markers-form")
            case .redirects:
                _ = try await live.addRedirect(note: form["note"], in: raw, by: account)
                (flash, anchor) = (.redirected, "#leading")
            case .questionsAsked:
                _ = try await live.ask(questionID: form["questionId"], in: raw, by: account)
                (flash, anchor) = (.asked, "#leading")
            case .takeaways:
                _ = try await live.addTakeaway(
                    text: form["takeawayText"], source: form["source"], permissionAsked: form.isOn("permission-asked"), in: raw, by: account
                )
                (flash, anchor) = (.takeawayRecorded, "#closing")
            case .actionSteps:
                _ = try await live.addActionStep(text: form["stepText"], due: form["due"], in: raw, by: account)
                (flash, anchor) = (.stepAgreed, "#closing")
            case .addenda:
                _ = try await live.addAddendum(text: form["text"], to: raw, by: account)
                (flash, anchor) = (.addendumAdded, "#addenda")
            case .howFar:
                _ = try await live.rateHowFar(form["rating"], in: raw, by: account)
                (flash, anchor) = (.howFarRated, "#how-far")
            }
            return Response.redirect(to: flash.appended(to: SiteURL.session(raw).path) + anchor, type: .normal)
        } catch let error as TandemError {
            let field: String =
                switch action {
                case .phase: "skipAgreementReason"
                case .actionSteps: "stepText"
                case .takeaways: "takeawayText"
                case .agreement: "clientWords"
                case .progress: "progressNotes"
                case .howFar: "rating"
                default: "session"
                }
            guard var errors = error.formErrors(conflictOn: field) else { throw error }
            // The progress notes are "text" to the rule and the API; on the page their field is progressNotes.
            if action == .progress { errors = errors.map { FieldError(field: $0.field == "text" ? field : $0.field, message: $0.message) } }
            let record = try await self.sessions.record(raw, for: account)
            return try await self.render(
                record, for: account, context, values: form.values, errors: errors, status: error.isConflict ? .conflict : .unprocessableContent)
        }
    }

    /// The step an irreversible session action asks first, saying what is missing (ending without an agreement or a
    /// takeaway). Reading the record first also refuses whoever may not see it, as the action itself would.
    private func confirm(_ action: SiteURL.SessionAction, _ id: Session.ID, _ account: Account, _ context: SignedInContext) async throws
        -> Response
    {
        let record = try await self.sessions.record(id, for: account)
        // A reader is not asked to confirm what she may not do.
        guard record.context.canRecord else {
            throw TandemError.forbidden(EngagementAccess.readOnlyMessage(holder: record.context.engagement.item.practitionerName))
        }
        let client = record.context.item.clientName
        let (heading, consequence, label): (String, String, String) =
            switch action {
            case .end: ("End the session with \(client)?", "Its record becomes read-only; corrections are made by addendum.", "End the session")
            case .cancel: ("Cancel this session with \(client)?", "It stays on the record as cancelled.", "Cancel the session")
            default: ("Mark \(client) as a no-show?", "The session stays on the record as a no-show.", "Mark as a no-show")
            }
        var warnings: [String] = []
        if action == .end {
            if record.context.session.agreement == nil { warnings.append("There is no session agreement yet.") }
            if record.takeaways.isEmpty { warnings.append("No takeaway has been recorded yet.") }
        }
        let page = ConfirmPage(
            shell: try await self.services.shell(heading, context, current: .today), heading: heading, consequence: consequence,
            warnings: warnings, action: SiteURL.sessionAction(id, action).path, confirmLabel: label, backHref: SiteURL.session(id).path,
            backLabel: "Back to the session")
        return try self.services.views.render(page)
    }

    private func render(
        _ record: SessionRecord, for account: Account, _ context: SignedInContext, query: String? = nil, values: [String: String] = [:],
        errors: [FieldError] = [],
        flash: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = record.context
        let q = (query ?? "").trimmingCharacters(in: .whitespaces)
        var questions: [Question] = []
        if session.session.status == .inProgress, session.canRecord {
            // The library, for the current phase unless searching; searching covers every phase.
            questions = try await self.services.app.questions.questions(
                for: account, phase: q.isEmpty ? session.session.currentPhase?.rawValue : nil, search: String(q.prefix(200)))
        }
        let page = SessionPage.make(
            record, shell: try await self.services.shell("Session · \(session.item.clientName)", context, current: .today, flash: flash),
            now: self.services.now, zone: account.sessionDefaults.zone, questions: questions, query: q, values: values, errors: errors,
            clientChecks: record.clientChecks, proposal: record.clientIntention,
            // A third of the idle limit, so two beats can be lost before the sign-in would end.
            heartbeatSeconds: max(20, min(300, Int(self.services.configuration.sessionIdleTimeout / 3))),
            noteFormat: account.sessionDefaults.noteFormat
        )
        return try self.services.views.render(page, status: status)
    }
}
