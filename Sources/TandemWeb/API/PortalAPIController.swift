import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// `/api/v1/portal`: the client's own engagement for a future mobile app, with client-scoped tokens. The same
/// service and checks as the portal pages.
struct PortalAPIController: Sendable {
    let services: AppServices
    var portal: Portal { self.services.app.portal }

    struct StepJSON: Encodable {
        let id: String
        let text: String
        let due: Nullable<String>
        let clientStatus: Nullable<String>
        let clientNote: Nullable<String>
    }
    struct SessionJSON: Encodable {
        let id: String
        let scheduledAt: Date
        let status: String
        let intention: Nullable<String>
        let agreement: Nullable<String>
        let takeaways: [TakeawayJSON]
        let howFarRating: Nullable<Int>
    }
    struct EngagementJSON: Encodable {
        let id: String
        let clientName: String
        let practitionerName: String
        let role: String
        let goals: [String]
        let upcoming: [SessionJSON]
        let past: [SessionJSON]
        let actionSteps: [StepJSON]
        let dueMeasures: [String]
        let progressShared: Bool
    }

    static func steps(_ view: PortalView) -> [StepJSON] {
        view.openSteps.map { step, check in
            StepJSON(
                id: step.id.description, text: step.text, due: Nullable(step.due?.description), clientStatus: Nullable(check?.status.rawValue),
                clientNote: Nullable(check?.note))
        }
    }

    func addRoutes(to api: RouterGroup<ClientContext>) {
        api.get("engagement") { _, context in
            let account = context.client
            let view = try await self.portal.view(for: account)
            return try JSON.response(
                EngagementJSON(
                    id: view.item.engagement.id.description, clientName: view.item.clientName, practitionerName: view.item.practitionerName,
                    role: view.item.engagement.role.rawValue, goals: view.item.engagement.contract.goals,
                    upcoming: view.upcoming.map {
                        SessionJSON(
                            id: $0.id.description, scheduledAt: $0.scheduledAt, status: $0.status.rawValue,
                            intention: Nullable(view.intentions[$0.id]), agreement: Nullable(nil), takeaways: [], howFarRating: Nullable(nil))
                    },
                    past: view.past.map {
                        SessionJSON(
                            id: $0.session.id.description, scheduledAt: $0.session.scheduledAt, status: $0.session.status.rawValue,
                            intention: Nullable(view.intentions[$0.session.id]),
                            agreement: Nullable($0.session.agreement?.clientWords), takeaways: $0.takeaways.map(TakeawayJSON.init),
                            howFarRating: Nullable($0.session.howFar?.rating)
                        )
                    },
                    actionSteps: Self.steps(view), dueMeasures: view.dueMeasures.map(\.id), progressShared: view.shareProgress
                ))
        }
        api.get("action-steps") { _, context in
            let account = context.client
            return try JSON.response(ItemsJSON(items: Self.steps(try await self.portal.view(for: account))))
        }
        api.post("action-steps/:id/check") { request, context in
            let account = context.client
            let body = try await JSON.command(ClientCheckCommand.self, request, context: context)
            let (step, view) = try await self.portal.check(
                try context.id(), status: body.status, note: body.note, by: account)
            guard let json = Self.steps(view).first(where: { $0.id == step.id.description }) else { throw TandemError.notFound("The action step") }
            return try JSON.response(json)
        }
        api.put("sessions/:id/intention") { request, context in
            let account = context.client
            let body = try await JSON.command(Text.self, request, context: context)
            let (session, view) = try await self.portal.intend(try context.id(), text: body.text, by: account)
            return try JSON.response(
                SessionJSON(
                    id: session.id.description, scheduledAt: session.scheduledAt, status: session.status.rawValue,
                    intention: Nullable(view.intentions[session.id]),
                    agreement: Nullable(nil), takeaways: [], howFarRating: Nullable(nil)
                ))
        }
        api.post("consent") { request, context in
            let body = try await JSON.command(PortalConsent.self, request, context: context)
            let consent = try await self.services.app.consents.agree(typedName: body.typedName, by: context.client)
            return try JSON.response(ConsentJSON(consent), status: .created)
        }
        api.post("consent/withdraw") { request, context in
            _ = try await JSON.command(NoFields.self, request, context: context, allowEmpty: true)
            try await self.services.app.consents.withdraw(by: context.client)
            return Response(status: .noContent)
        }
        api.put("sessions/:id/how-far") { request, context in
            let account = context.client
            let body = try await JSON.command(HowFarRating.self, request, context: context)
            let id: Session.ID = try context.id()
            let (_, view) = try await self.portal.rateHowFar(id, rating: body.rating?.text, by: account)
            guard let past = view.past.first(where: { $0.session.id == id }) else { throw TandemError.notFound("The session") }
            return try JSON.response(
                SessionJSON(
                    id: past.session.id.description, scheduledAt: past.session.scheduledAt, status: past.session.status.rawValue,
                    intention: Nullable(view.intentions[past.session.id]), agreement: Nullable(past.session.agreement?.clientWords),
                    takeaways: past.takeaways.map(TakeawayJSON.init), howFarRating: Nullable(past.session.howFar?.rating)))
        }
        api.post("measures") { request, context in
            let account = context.client
            let body = try await JSON.command(PortalMeasure.self, request, context: context)
            let instrument = try await self.portal.assigned(body.instrument, for: account)
            let result = try await self.portal.answer(instrument, answers: body.items, by: account)
            return try JSON.response(MeasureResultJSON(result), status: .created)
        }
    }
}
