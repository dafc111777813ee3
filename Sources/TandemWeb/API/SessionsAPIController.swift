import Foundation
import Hummingbird
import TandemCore
import TandemStore

/// `/api/v1` routes of the live session: scheduling, the phases, the agreement, markers, redirects, questions,
/// takeaways, action steps and addenda. The same service, rules and audit as the live view.
struct SessionsAPIController: Sendable {
    let services: AppServices
    var sessions: SessionService { SessionService(services: self.services) }

    func addRoutes(to api: RouterGroup<TandemContext>) {
        self.addSchedulingRoutes(to: api)
        self.addFlowRoutes(to: api)
        self.addRecordRoutes(to: api)
        self.addQuestionRoutes(to: api)
    }

    /// The whole record as it is now.
    private func answer(_ raw: String?, for account: Account, status: HTTPResponse.Status = .ok) async throws -> Response {
        let context = try await self.sessions.load(raw, for: account, need: .read, audit: false)
        return try JSON.response(SessionJSON(try await self.sessions.record(context), now: self.services.now), status: status)
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
            let view = try await EngagementService(services: self.services).load(context.parameters.get("id"), for: account, need: .read)
            return try JSON.response(ItemsJSON(items: try await self.sessions.sessions(of: view).map(SessionSummaryJSON.init)))
        }
        api.get("sessions") { request, context in
            let account = try context.requireAccount()
            let zone = account.sessionDefaults.zone
            var day = Formats.day(self.services.now, in: zone)
            if let raw = request.uri.queryParameters.get("date") {
                guard let d = LocalDate(String(raw)) else { throw TandemError.invalid("date", "date must be a real date written YYYY-MM-DD.") }
                day = d
            }
            return try JSON.response(ItemsJSON(items: try await self.sessions.day(day, for: account).map(SessionSummaryJSON.init)))
        }
        api.get("sessions/:id") { _, context in
            let account = try context.requireAccount()
            let session = try await self.sessions.load(context.parameters.get("id"), for: account, need: .read)
            return try JSON.response(SessionJSON(try await self.sessions.record(session), now: self.services.now))
        }
    }

    private func addFlowRoutes(to api: RouterGroup<TandemContext>) {
        api.post("sessions/:id/start") { request, context in
            let account = try context.requireAccount()
            try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
            let session = try await self.sessions.start(context.parameters.get("id"), by: account)
            return try await self.answer(session.session.id.description, for: account)
        }
        api.post("sessions/:id/phase") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["phase", "skipAgreementReason"])
            let session = try await self.sessions.move(
                context.parameters.get("id"), to: try body.string("phase"), skipReason: try body.string("skipAgreementReason"), by: account
            )
            return try await self.answer(session.session.id.description, for: account)
        }
        api.post("sessions/:id/end") { request, context in
            let account = try context.requireAccount()
            try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
            let session = try await self.sessions.end(context.parameters.get("id"), by: account)
            return try await self.answer(session.session.id.description, for: account)
        }
        for (path, status) in [("cancel", SessionStatus.cancelled), ("no-show", .noShow)] {
            api.post("sessions/:id/\(path)") { request, context in
                let account = try context.requireAccount()
                try await JSON.object(request, context: context, allowEmpty: true).allowOnly([])
                let session = try await self.sessions.cancel(context.parameters.get("id"), as: status, by: account)
                return try await self.answer(session.session.id.description, for: account)
            }
        }
        api.put("sessions/:id/agreement") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["clientWords", "focus"])
            _ = try await self.sessions.agree(context.parameters.get("id"), clientWords: try body.string("clientWords"), focus: try body.string("focus"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
        api.put("sessions/:id/progress-notes") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text"])
            try await self.sessions.noteProgress(context.parameters.get("id"), text: try body.string("text"), by: account)
            return try await self.answer(context.parameters.get("id"), for: account)
        }
    }

    private func addRecordRoutes(to api: RouterGroup<TandemContext>) {
        api.post("sessions/:id/markers") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["kind", "text", "namedBy", "highlighted"])
            let marker = try await self.sessions.addMarker(
                context.parameters.get("id"), kind: try body.string("kind"), text: try body.string("text"), namedBy: try body.string("namedBy"),
                highlighted: try body.bool("highlighted", default: false), by: account
            )
            return try JSON.response(MarkerJSON(marker), status: .created)
        }
        api.patch("markers/:id") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "namedBy", "highlighted"])
            let text: String?? = body.values["text"] == nil ? .none : .some(try body.string("text"))
            let highlighted: Bool? = body.values["highlighted"] == nil ? nil : try body.bool("highlighted", default: false)
            let marker = try await self.sessions.updateMarker(
                context.parameters.get("id"), text: text, namedBy: try body.string("namedBy"), highlighted: highlighted, by: account
            )
            return try JSON.response(MarkerJSON(marker))
        }
        api.post("sessions/:id/redirects") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context, allowEmpty: true)
            try body.allowOnly(["note"])
            return try JSON.response(RedirectJSON(try await self.sessions.addRedirect(context.parameters.get("id"), note: try body.string("note"), by: account)), status: .created)
        }
        api.post("sessions/:id/questions-asked") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["questionId"])
            let (asked, question) = try await self.sessions.ask(context.parameters.get("id"), questionID: try body.string("questionId"), by: account)
            return try JSON.response(QuestionAskedJSON(asked, question), status: .created)
        }
        api.post("sessions/:id/takeaways") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "source", "permissionAsked"])
            let takeaway = try await self.sessions.addTakeaway(
                context.parameters.get("id"), text: try body.string("text"), source: try body.string("source"),
                permissionAsked: try body.bool("permissionAsked", default: false), by: account
            )
            return try JSON.response(TakeawayJSON(takeaway), status: .created)
        }
        api.post("sessions/:id/action-steps") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text", "due"])
            let step = try await self.sessions.addActionStep(context.parameters.get("id"), text: try body.string("text"), due: try body.string("due"), by: account)
            return try JSON.response(ActionStepJSON(step), status: .created)
        }
        api.post("action-steps/:id/review") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["status", "clientWords"])
            let step = try await self.sessions.review(context.parameters.get("id"), status: try body.string("status"), clientWords: try body.string("clientWords"), by: account)
            return try JSON.response(ActionStepJSON(step))
        }
        api.post("sessions/:id/addenda") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["text"])
            return try JSON.response(AddendumJSON(try await self.sessions.addAddendum(context.parameters.get("id"), text: try body.string("text"), by: account)), status: .created)
        }
    }

    private func addQuestionRoutes(to api: RouterGroup<TandemContext>) {
        api.get("questions") { request, context in
            let account = try context.requireAccount()
            let query = request.uri.queryParameters
            let questions = try await self.sessions.questions(for: account, phase: query.get("phase"), search: query.get("q"))
            return try JSON.response(ItemsJSON(items: questions.map(QuestionJSON.init)))
        }
        api.post("questions") { request, context in
            let account = try context.requireAccount()
            let body = try await JSON.object(request, context: context)
            try body.allowOnly(["phase", "purpose", "text"])
            let question = try await self.sessions.addQuestion(phase: try body.string("phase"), purpose: try body.string("purpose"), text: try body.string("text"), by: account)
            return try JSON.response(QuestionJSON(question), status: .created)
        }
    }
}
