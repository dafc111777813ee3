import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// `/api/v1` routes of the live session: scheduling, the phases, the agreement, markers, redirects, questions,
/// takeaways, action steps and addenda. The same service, rules and audit as the live view.
struct SessionsAPIController: Sendable {
    let services: AppServices
    var sessions: Sessions { self.services.app.sessions }
    var live: LiveRecording { self.services.app.live }

    func addRoutes(to api: RouterGroup<TandemContext>) {
        self.addSchedulingRoutes(to: api)
        self.addFlowRoutes(to: api)
        self.addRecordRoutes(to: api)
        self.addQuestionRoutes(to: api)
    }

    /// The whole record as it is now.
    private func answer(_ raw: String?, for account: Account, status: HTTPResponse.Status = .ok) async throws -> Response {
        // The answer holds the whole record, so it is audited as a view of the session.
        return try JSON.response(SessionJSON(try await self.sessions.record(raw, for: account), now: self.services.now), status: status)
    }

    private func addSchedulingRoutes(to api: RouterGroup<TandemContext>) {
        api.post("engagements/:id/sessions") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["scheduledAt", "lengthMinutes", "plan"])
            let (at, problem) = try body.instant("scheduledAt")
            let plan = try body.object("plan")
            try plan?.allowOnly(["opening", "work", "closing"])
            let draft = SessionDraft(
                scheduledAt: at, scheduledAtProblem: problem, lengthMinutes: try body.integer("lengthMinutes"),
                opening: try plan?.integer("opening") ?? (plan == nil ? nil : ""), work: try plan?.integer("work") ?? (plan == nil ? nil : ""),
                closing: try plan?.integer("closing") ?? (plan == nil ? nil : "")
            )
            let session = try await self.sessions.schedule(context.parameters.get("id"), draft, by: account)
            var response = try await self.answer(session.id.description, for: account, status: .created)
            response.headers[.location] = "/api/v1/sessions/\(session.id)"
            return response
        }
        api.get("engagements/:id/sessions") { _, context in
            let account = try context.requireAccount()
            return try JSON.response(
                ItemsJSON(items: try await self.sessions.list(context.parameters.get("id"), for: account).map(SessionSummaryJSON.init)))
        }
        api.get("sessions") { request, context in
            let account = try context.requireAccount()
            let zone = account.sessionDefaults.zone
            var day = Formats.day(self.services.now, in: zone)
            if let raw = request.uri.queryParameters.get("date") {
                guard let d = LocalDate(String(raw)) else { throw TandemError.invalid("date", "date must be a real date written YYYY-MM-DD.") }
                day = d
            }
            return try JSON.response(
                ItemsJSON(
                    items: try await self.sessions.day(
                        from: Formats.startOfDay(day, in: zone), to: Formats.startOfDay(day.adding(days: 1), in: zone), for: account
                    ).map(SessionSummaryJSON.init)))
        }
        api.get("sessions/:id") { _, context in
            let account = try context.requireAccount()
            return try JSON.response(SessionJSON(try await self.sessions.record(context.parameters.get("id"), for: account), now: self.services.now))
        }
    }

    private func addFlowRoutes(to api: RouterGroup<TandemContext>) {
        api.post("sessions/:id/start") { request, context in
            let account = try context.requireAccount()
            try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
            try await self.services.app.sessionSteps.start(context.parameters.get("id"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
        api.post("sessions/:id/phase") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["phase", "skipAgreementReason"])
            try await self.services.app.sessionSteps.move(
                context.parameters.get("id"), to: try body.string("phase"), skipReason: try body.string("skipAgreementReason"), by: account
            )
            return try await self.answer(context.parameters.get("id"), for: account)
        }
        api.post("sessions/:id/end") { request, context in
            let account = try context.requireAccount()
            try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
            try await self.services.app.sessionSteps.end(context.parameters.get("id"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
        for (path, status) in [("cancel", SessionStatus.cancelled), ("no-show", .noShow)] {
            api.post("sessions/:id/\(path)") { request, context in
                let account = try context.requireAccount()
                try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
                try await self.services.app.sessionSteps.cancel(context.parameters.get("id"), as: status, by: account)
                return try await self.answer(context.parameters.get("id"), for: account)
            }
        }
        api.put("sessions/:id/agreement") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["clientWords", "focus"])
            _ = try await self.live.agree(
                clientWords: try body.string("clientWords"), focus: try body.string("focus"), in: context.parameters.get("id"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
        api.put("sessions/:id/progress-notes") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text"])
            try await self.live.noteProgress(try body.string("text"), in: context.parameters.get("id"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
    }

    private func addRecordRoutes(to api: RouterGroup<TandemContext>) {
        api.post("sessions/:id/markers") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["kind", "text", "namedBy", "highlighted"])
            let command = RecordMarker(
                kind: try body.string("kind"), text: try body.string("text"), namedBy: try body.string("namedBy"),
                highlighted: try body.bool("highlighted", default: false)
            )
            let marker = try await self.live.addMarker(command, in: context.parameters.get("id"), by: account)
            return try JSON.response(MarkerJSON(marker), status: .created)
        }
        api.patch("markers/:id") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "namedBy", "highlighted"])
            let text: String?? = body.values["text"] == nil ? .none : .some(try body.string("text"))
            let highlighted: Bool? = body.values["highlighted"] == nil ? nil : try body.bool("highlighted", default: false)
            let marker = try await self.live.updateMarker(
                context.parameters.get("id"), text: text, namedBy: try body.string("namedBy"), highlighted: highlighted, by: account
            )
            return try JSON.response(MarkerJSON(marker))
        }
        api.post("sessions/:id/redirects") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context, allowEmpty: true)
            try body.allowOnly(["note"])
            return try JSON.response(
                RedirectJSON(try await self.live.addRedirect(note: try body.string("note"), in: context.parameters.get("id"), by: account)),
                status: .created)
        }
        api.post("sessions/:id/questions-asked") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["questionId"])
            let (asked, question) = try await self.live.ask(questionID: try body.string("questionId"), in: context.parameters.get("id"), by: account)
            return try JSON.response(QuestionAskedJSON(asked, question), status: .created)
        }
        api.post("sessions/:id/takeaways") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "source", "permissionAsked"])
            let takeaway = try await self.live.addTakeaway(
                text: try body.string("text"), source: try body.string("source"), permissionAsked: try body.bool("permissionAsked", default: false),
                in: context.parameters.get("id"), by: account
            )
            return try JSON.response(TakeawayJSON(takeaway), status: .created)
        }
        api.post("sessions/:id/action-steps") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "due"])
            let step = try await self.live.addActionStep(
                text: try body.string("text"), due: try body.string("due"), in: context.parameters.get("id"), by: account)
            return try JSON.response(ActionStepJSON(step), status: .created)
        }
        api.post("action-steps/:id/review") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["status", "clientWords"])
            let step = try await self.live.review(
                context.parameters.get("id"), status: try body.string("status"), clientWords: try body.string("clientWords"), by: account)
            return try JSON.response(ActionStepJSON(step))
        }
        api.post("sessions/:id/addenda") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text"])
            return try JSON.response(
                AddendumJSON(try await self.live.addAddendum(text: try body.string("text"), to: context.parameters.get("id"), by: account)),
                status: .created)
        }
    }

    private func addQuestionRoutes(to api: RouterGroup<TandemContext>) {
        api.get("questions") { request, context in
            let account = try context.requireAccount()
            let query = request.uri.queryParameters
            let questions = try await self.services.app.questions.questions(for: account, phase: query.get("phase"), search: query.get("q"))
            return try JSON.response(ItemsJSON(items: questions.map(QuestionJSON.init)))
        }
        api.post("questions") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["phase", "purpose", "text"])
            let question = try await self.services.app.questions.add(
                phase: try body.string("phase"), purpose: try body.string("purpose"), text: try body.string("text"), by: account)
            return try JSON.response(QuestionJSON(question), status: .created)
        }
    }
}
