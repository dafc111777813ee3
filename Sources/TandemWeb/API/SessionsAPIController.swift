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

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        self.addSchedulingRoutes(to: api)
        self.addFlowRoutes(to: api)
        self.addRecordRoutes(to: api)
        self.addQuestionRoutes(to: api)
    }

    /// The whole record as it is now.
    private func answer(_ id: Session.ID, for account: Account, status: HTTPResponse.Status = .ok) async throws -> Response {
        // The answer holds the whole record, so it is audited as a view of the session.
        return try JSON.response(SessionJSON(try await self.sessions.record(id, for: account), now: self.services.now), status: status)
    }

    private func addSchedulingRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("engagements/:id/sessions") { request, context in
            let account = context.account
            let draft = try await JSON.command(NewSession.self, request, context: context).draft
            let session = try await self.sessions.schedule(try context.id(), draft, by: account)
            var response = try await self.answer(session.id, for: account, status: .created)
            response.headers[.location] = "/api/v1/sessions/\(session.id)"
            return response
        }
        api.get("engagements/:id/sessions") { _, context in
            let account = context.account
            return try JSON.response(
                ItemsJSON(items: try await self.sessions.list(try context.id(), for: account).map(SessionSummaryJSON.init)))
        }
        api.get("sessions") { request, context in
            let account = context.account
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
            let account = context.account
            return try JSON.response(SessionJSON(try await self.sessions.record(try context.id(), for: account), now: self.services.now))
        }
    }

    private func addFlowRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("sessions/:id/start") { request, context in
            let account = context.account
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            try await self.services.app.sessionSteps.start(try context.id(), by: account)
            return try await self.answer(try context.id(), for: account)
        }
        api.post("sessions/:id/phase") { request, context in
            let account = context.account
            let body = try await JSON.command(PhaseMove.self, request, context: context)
            try await self.services.app.sessionSteps.move(
                try context.id(), to: body.phase, skipReason: body.skipAgreementReason, by: account
            )
            return try await self.answer(try context.id(), for: account)
        }
        api.post("sessions/:id/end") { request, context in
            let account = context.account
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            try await self.services.app.sessionSteps.end(try context.id(), by: account)
            return try await self.answer(try context.id(), for: account)
        }
        for (path, status) in [("cancel", SessionStatus.cancelled), ("no-show", .noShow)] {
            api.post("sessions/:id/\(path)") { request, context in
                let account = context.account
                _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
                try await self.services.app.sessionSteps.cancel(try context.id(), as: status, by: account)
                return try await self.answer(try context.id(), for: account)
            }
        }
        api.put("sessions/:id/agreement") { request, context in
            let account = context.account
            let body = try await JSON.command(Agreement.self, request, context: context)
            _ = try await self.live.agree(
                clientWords: body.clientWords, focus: body.focus, in: try context.id(), by: account)
            return try await self.answer(try context.id(), for: account)
        }
        api.put("sessions/:id/how-far") { request, context in
            let account = context.account
            let body = try await JSON.command(HowFarRating.self, request, context: context)
            _ = try await self.live.rateHowFar(body.rating?.text, in: try context.id(), by: account)
            return try await self.answer(try context.id(), for: account)
        }
        api.put("sessions/:id/progress-notes") { request, context in
            let account = context.account
            let body = try await JSON.command(Text.self, request, context: context)
            try await self.live.noteProgress(body.text, in: try context.id(), by: account)
            return try await self.answer(try context.id(), for: account)
        }
    }

    private func addRecordRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("sessions/:id/markers") { request, context in
            let account = context.account
            let body = try await JSON.command(NewMarker.self, request, context: context)
            let marker = try await self.live.addMarker(body.command, in: try context.id(), by: account)
            return try JSON.response(MarkerJSON(marker), status: .created)
        }
        api.patch("markers/:id") { request, context in
            let account = context.account
            let body = try await JSON.command(MarkerChange.self, request, context: context)
            let marker = try await self.live.updateMarker(
                try context.id(), text: body.text, namedBy: body.namedBy, highlighted: body.highlighted, by: account
            )
            return try JSON.response(MarkerJSON(marker))
        }
        api.post("sessions/:id/redirects") { request, context in
            let account = context.account
            let body = try await JSON.command(RedirectCommand.self, request, context: context, allowEmpty: true)
            return try JSON.response(
                RedirectJSON(try await self.live.addRedirect(note: body.note, in: try context.id(), by: account)),
                status: .created)
        }
        api.post("sessions/:id/questions-asked") { request, context in
            let account = context.account
            let body = try await JSON.command(AskQuestion.self, request, context: context)
            let (asked, question) = try await self.live.ask(questionID: body.questionId, in: try context.id(), by: account)
            return try JSON.response(QuestionAskedJSON(asked, question), status: .created)
        }
        api.post("sessions/:id/takeaways") { request, context in
            let account = context.account
            let body = try await JSON.command(NewTakeaway.self, request, context: context)
            let takeaway = try await self.live.addTakeaway(
                text: body.text, source: body.source, permissionAsked: body.permissionAsked ?? false,
                in: try context.id(), by: account
            )
            return try JSON.response(TakeawayJSON(takeaway), status: .created)
        }
        api.post("sessions/:id/action-steps") { request, context in
            let account = context.account
            let body = try await JSON.command(NewActionStep.self, request, context: context)
            let step = try await self.live.addActionStep(
                text: body.text, due: body.due, in: try context.id(), by: account)
            return try JSON.response(ActionStepJSON(step), status: .created)
        }
        api.post("action-steps/:id/review") { request, context in
            let account = context.account
            let body = try await JSON.command(StepReview.self, request, context: context)
            let step = try await self.live.review(
                try context.id(), status: body.status, clientWords: body.clientWords, by: account)
            return try JSON.response(ActionStepJSON(step))
        }
        api.post("sessions/:id/addenda") { request, context in
            let account = context.account
            let body = try await JSON.command(Text.self, request, context: context)
            return try JSON.response(
                AddendumJSON(try await self.live.addAddendum(text: body.text, to: try context.id(), by: account)),
                status: .created)
        }
    }

    private func addQuestionRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("questions") { request, context in
            let account = context.account
            let query = request.uri.queryParameters
            let questions = try await self.services.app.questions.questions(for: account, phase: query.get("phase"), search: query.get("q"))
            return try JSON.response(ItemsJSON(items: questions.map(QuestionJSON.init)))
        }
        api.post("questions") { request, context in
            let account = context.account
            let body = try await JSON.command(NewQuestion.self, request, context: context)
            let question = try await self.services.app.questions.add(
                phase: body.phase, purpose: body.purpose, text: body.text, by: account)
            return try JSON.response(QuestionJSON(question), status: .created)
        }
    }
}
