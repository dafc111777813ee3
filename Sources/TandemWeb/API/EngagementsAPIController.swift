import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// `/api/v1` routes for engagements, screenings, boundary records and alerts: the same service, rules and audit as
/// the pages.
struct EngagementsAPIController: Sendable {
    let services: AppServices
    var engagements: Engagements { self.services.app.engagements }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        self.addEngagementRoutes(to: api)
        self.addScreeningRoutes(to: api)
        self.addBoundaryRoutes(to: api)
        self.addAlertRoutes(to: api)
    }

    private func created(_ value: some Encodable, at location: String) throws -> Response {
        var response = try JSON.response(value, status: .created)
        response.headers[.location] = location
        return response
    }

    private func addEngagementRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("clients/:id/engagements") { request, context in
            let account = context.account
            let body = try await JSON.command(NewEngagement.self, request, context: context)
            let draft = body.draft
            let view = try await self.engagements.open(
                client: try context.id(), draft: draft, practitionerID: body.practitionerId, by: account
            )
            return try self.created(EngagementJSON(view), at: "/api/v1/engagements/\(view.engagement.id)")
        }
        api.get("clients/:id/engagements") { _, context in
            let account = context.account
            let (_, views) = try await self.engagements.forClient(try context.id(), for: account)
            return try JSON.response(ItemsJSON(items: views.map(EngagementJSON.init)))
        }
        api.get("engagements/:id") { _, context in
            let account = context.account
            return try JSON.response(EngagementJSON(try await self.engagements.load(try context.id(), for: account, need: .read)))
        }
        api.post("engagements/:id/close") { request, context in
            let account = context.account
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            return try JSON.response(EngagementJSON(try await self.engagements.close(try context.id(), by: account)))
        }
        api.get("engagements/:id/consent") { _, context in
            let (view, text) = try await self.services.app.consents.state(try context.id(), for: context.account)
            return try JSON.response(ConsentStateJSON(view, text: text))
        }
        api.post("engagements/:id/consent") { request, context in
            let account = context.account
            let body = try await JSON.command(ConsentCommand.self, request, context: context)
            let (view, text) = try await self.services.app.consents.recordInRoom(try context.id(), method: body.method, by: account)
            return try JSON.response(ConsentStateJSON(view, text: text), status: .created)
        }
        api.post("engagements/:id/pause") { request, context in
            let account = context.account
            let body = try await JSON.command(Reason.self, request, context: context)
            return try JSON.response(
                EngagementJSON(try await self.engagements.pause(try context.id(), reason: body.reason, by: account)))
        }
    }

    private func addScreeningRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("engagements/:id/screenings") { request, context in
            let account = context.account
            let draft = try await JSON.command(NewScreening.self, request, context: context).draft
            let screening = try await self.engagements.screen(draft, in: try context.id(), by: account)
            return try self.created(ScreeningJSON(screening), at: "/api/v1/screenings/\(screening.id)")
        }
        api.get("engagements/:id/screenings") { _, context in
            let account = context.account
            let (_, history) = try await self.engagements.screenings(try context.id(), for: account)
            return try JSON.response(ItemsJSON(items: history.map(ScreeningJSON.init)))
        }
        api.get("screenings/:id") { _, context in
            let account = context.account
            let (screening, _) = try await self.engagements.screening(try context.id(), for: account, need: .read)
            return try JSON.response(ScreeningJSON(screening))
        }
        api.post("screenings/:id/override") { request, context in
            let account = context.account
            let body = try await JSON.command(ScreeningOverrideCommand.self, request, context: context)
            let screening = try await self.engagements.override(
                try context.id(), result: body.result, reason: body.reason, by: account
            )
            return try JSON.response(ScreeningJSON(screening))
        }
    }

    private func addBoundaryRoutes(to api: RouterGroup<SignedInContext>) {
        api.post("engagements/:id/boundary-crossings") { request, context in
            let account = context.account
            let body = try await JSON.command(NewCrossing.self, request, context: context)
            let crossing = try await self.services.app.boundaries.recordCrossing(
                date: body.date, kind: body.kind, rationale: body.rationale, clientResponse: body.clientResponse,
                consultationSought: body.consultationSought ?? false,
                in: try context.id(), by: account
            )
            return try self.created(CrossingJSON(crossing, addenda: []), at: "/api/v1/engagements/\(crossing.engagementID)/boundary-crossings")
        }
        api.get("engagements/:id/boundary-crossings") { _, context in
            let account = context.account
            let (_, records) = try await self.engagements.boundaries(try context.id(), for: account)
            return try JSON.response(ItemsJSON(items: records.crossings.map { CrossingJSON($0, addenda: records.addenda(of: $0.id.uuid)) }))
        }
        api.post("engagements/:id/boundary-incidents") { request, context in
            let account = context.account
            let body = try await JSON.command(NewIncident.self, request, context: context)
            let incident = try await self.services.app.boundaries.recordIncident(
                date: body.date, kind: body.kind, description: body.description,
                in: try context.id(),
                by: account
            )
            return try self.created(IncidentJSON(incident, addenda: []), at: "/api/v1/engagements/\(incident.engagementID)/boundary-incidents")
        }
        api.get("engagements/:id/boundary-incidents") { _, context in
            let account = context.account
            let (_, records) = try await self.engagements.boundaries(try context.id(), for: account)
            return try JSON.response(ItemsJSON(items: records.incidents.map { IncidentJSON($0, addenda: records.addenda(of: $0.id.uuid)) }))
        }
        api.post("boundary-crossings/:id/addenda") { request, context in
            try await self.addAddendum(request, context, to: .crossing(try context.id()))
        }
        api.post("boundary-incidents/:id/addenda") { request, context in
            try await self.addAddendum(request, context, to: .incident(try context.id()))
        }
    }

    private func addAddendum(_ request: Request, _ context: SignedInContext, to subject: BoundarySubject) async throws -> Response {
        let account = context.account
        let body = try await JSON.command(Text.self, request, context: context)
        let (addendum, _) = try await self.services.app.boundaries.addAddendum(to: subject, text: body.text, by: account)
        return try JSON.response(AddendumJSON(addendum), status: .created)
    }

    private func addAlertRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("alerts") { _, context in
            let account = context.account
            return try JSON.response(ItemsJSON(items: try await self.services.app.alerts.open(for: account).map(AlertJSON.init)))
        }
        api.post("alerts/:id/resolve") { request, context in
            let account = context.account
            let body = try await JSON.command(AlertReviewNote.self, request, context: context)
            try await self.services.app.alerts.resolve(try context.id(), note: body.note, by: account)
            return Response(status: .noContent)
        }
    }
}
