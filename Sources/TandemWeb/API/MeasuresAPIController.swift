import Foundation
import Hummingbird
import NIOCore
import TandemApp
import TandemCore

/// `/api/v1` routes of the questionnaires and the progress picture.
struct MeasuresAPIController: Sendable {
    let services: AppServices
    var progress: ProgressReads { self.services.app.progress }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("instruments") { _, context in
            return try JSON.response(ItemsJSON(items: self.services.instruments.instruments.map(InstrumentJSON.init)))
        }
        api.post("engagements/:id/measures") { request, context in
            let account = context.account
            let body = try await JSON.command(NewMeasure.self, request, context: context)
            let (result, _) = try await self.services.app.questionnaires.record(
                instrument: body.instrument, answers: body.items, administeredAt: try body.instant(), in: try context.id(),
                by: account
            )
            return try JSON.response(MeasureResultJSON(result), status: .created)
        }
        api.get("engagements/:id/measures") { _, context in
            let account = context.account
            let (_, picture) = try await self.progress.progress(try context.id(), for: account)
            return try JSON.response(
                ItemsJSON(
                    items: picture.series.flatMap { $0.results }.sorted { $0.administration.administeredAt < $1.administration.administeredAt }.map(
                        MeasureResultJSON.init)))
        }
        api.post("engagements/:id/goal-scales") { request, context in
            let account = context.account
            let body = try await JSON.command(NewGoalScale.self, request, context: context)
            let scale = try await self.progress.scaleGoal(
                try context.id(), goal: body.goal?.text, levels: (body.levels ?? []).map { Optional($0) },
                weight: body.weight?.text,
                by: account
            )
            return try JSON.response(GoalScaleJSON(scale), status: .created)
        }
        api.get("engagements/:id/goal-scales") { _, context in
            let account = context.account
            let (_, picture) = try await self.progress.progress(try context.id(), for: account)
            return try JSON.response(ItemsJSON(items: picture.goalScales.map(GoalScaleJSON.init)))
        }
        api.post("engagements/:id/goal-reviews") { request, context in
            let account = context.account
            let body = try await JSON.command(NewGoalReview.self, request, context: context)
            // The decoder refuses anything but a whole number for a level; its range is checked by the domain.
            let (review, t) = try await self.progress.reviewGoals(try context.id(), ratings: body.typed, by: account)
            return try JSON.response(GoalReviewJSON(review, tScore: t), status: .created)
        }
        api.get("engagements/:id/progress") { _, context in
            let account = context.account
            let (view, picture) = try await self.progress.progress(try context.id(), for: account)
            return try JSON.response(ProgressJSON(engagement: view.engagement.id, picture))
        }
        api.get("engagements/:id/progress.csv") { _, context in
            let account = context.account
            let (view, picture) = try await self.progress.progress(try context.id(), for: account)
            return Self.csv(ProgressCSV.make(picture), name: "progress-\(view.engagement.id).csv")
        }
    }

    static func csv(_ text: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
