import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// The client list, record and forms.
struct ClientPagesController: Sendable {
    let services: AppServices
    var clients: ClientRecords { self.services.app.clients }

    func addRoutes(to router: RouterGroup<SignedInContext>) {
        router.get(RouterPath(SiteURL.home.pattern)) { _, context in
            return Response.redirect(to: SiteURL.clients.path, type: .normal)
        }
        router.get(RouterPath(SiteURL.clients.pattern)) { request, context in try await self.list(request, context) }
        router.get(RouterPath(SiteURL.newClient.pattern)) { _, context in
            return try await self.form(context, editing: nil, values: [:], errors: [])
        }
        router.post(RouterPath(SiteURL.clients.pattern)) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let client = try await self.clients.create(Self.draft(form), by: account)
                return Response.redirect(to: Flash.created.appended(to: SiteURL.client(client.id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                return try await self.form(context, editing: nil, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.client))) { request, context in
            let account = context.account
            let (item, engagements) = try await self.services.app.engagements.forClient(try context.id(), for: account)
            return try await self.record(item, engagements: engagements, for: account, context, flash: Flash.from(request))
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.editClient))) { _, context in
            let account = context.account
            let item = try await self.clients.open(try context.id(), for: account, needEdit: true)
            return try await self.form(context, editing: item, values: Self.values(of: item.client), errors: [])
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.editClient))) { request, context in
            let account = context.account
            let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
            do {
                let item = try await self.clients.update(try context.id(), with: Self.draft(form), by: account)
                return Response.redirect(to: Flash.saved.appended(to: SiteURL.client(item.client.id).path), type: .normal)
            } catch TandemError.validation(let errors) {
                let item = try await self.clients.open(try context.id(), for: account, needEdit: true, action: .clientUpdated)
                return try await self.form(context, editing: item, values: form.values, errors: errors, status: .unprocessableContent)
            }
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.dischargeClient))) { request, context in
            try await self.changeStatus(request, context, to: .discharged)
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.reopenClient))) { request, context in
            try await self.changeStatus(request, context, to: .active)
        }
    }

    private func changeStatus(_ request: Request, _ context: SignedInContext, to status: ClientStatus) async throws -> Response {
        let account = context.account
        let form = try await FormData.read(request, context: context, csrf: self.services.csrf)
        if status == .discharged, !ConfirmPage.isConfirmed(form) {
            let item = try await self.clients.open(try context.id(), for: account, needEdit: true)
            let heading = "Discharge \(item.client.displayName)?"
            let page = ConfirmPage(
                shell: try await self.services.shell(heading, context, current: .clients), heading: heading,
                consequence: "The record stays and can be reopened; the client leaves your active list.", warnings: [],
                action: SiteURL.dischargeClient(item.client.id).path, confirmLabel: "Discharge", backHref: SiteURL.client(item.client.id).path,
                backLabel: "Back to the record")
            return try self.services.views.render(page)
        }
        let item = try await self.clients.update(try context.id(), with: nil, status: status, by: account)
        let flash: Flash = status == .discharged ? .discharged : .reopened
        return Response.redirect(to: flash.appended(to: SiteURL.client(item.client.id).path), type: .normal)
    }

    private func list(_ request: Request, _ context: SignedInContext) async throws -> Response {
        let account = context.account
        let query = String((request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        let statusParam = request.uri.queryParameters.get("status") ?? "active"
        let status: ClientStatus? = statusParam == "all" ? nil : (ClientStatus(rawValue: statusParam) ?? .active)
        let cursor = request.uri.queryParameters.get("after").flatMap(ClientCursor.init)
        let page = try await self.clients.list(for: account, search: query, status: status, after: cursor)
        let shell = try await self.services.shell("Clients", context, current: .clients, flash: Flash.from(request))
        let listPage = ClientListPage.make(page, for: account, query: query, statusParam: statusParam, status: status, shell: shell)
        return try self.services.views.render(listPage)
    }

    private func record(
        _ item: ClientListItem, engagements: [EngagementView], for account: Account, _ context: SignedInContext, flash: String?
    ) async throws -> Response {
        let shell = try await self.services.shell(item.client.displayName, context, current: .clients, flash: flash)
        let page = ClientRecordPage.make(item, engagements: engagements, for: account, shell: shell)
        return try self.services.views.render(page)
    }

    private func form(
        _ context: SignedInContext, editing: ClientListItem?, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let heading = editing == nil ? "Add a client" : "Edit \(editing!.client.displayName)"
        let page = FormPage(
            shell: try await self.services.shell(heading, context, current: .clients),
            backHref: editing.map { SiteURL.client($0.client.id).path } ?? SiteURL.clients.path,
            backLabel: editing == nil ? "Clients" : editing!.client.displayName,
            heading: heading,
            lede: nil,
            note: nil,
            action: editing.map { SiteURL.editClient($0.client.id).path } ?? SiteURL.clients.path,
            submitLabel: editing == nil ? "Add client" : "Save changes",
            errorSummary: ErrorSummary(errors),
            items: [
                FormField(
                    "displayName", "Name", value: values["displayName"], errors: errors, hint: "As the client likes to be called.", required: true,
                    autocomplete: "off", maxLength: ClientDraft.maximumNameLength),
                FormField(
                    "email", "Email", type: "email", value: values["email"], errors: errors, autocomplete: "off",
                    maxLength: Validator.maximumEmailLength),
                FormField(
                    "phone", "Phone", type: "tel", value: values["phone"], errors: errors, autocomplete: "off",
                    maxLength: Validator.maximumPhoneLength),
                FormField("dateOfBirth", "Date of birth", type: "date", value: values["dateOfBirth"], errors: errors, autocomplete: "off"),
            ].map { FormItem.field($0) }
        )
        return try self.services.views.render(page, status: status)
    }

    static func draft(_ form: FormData) -> ClientDraft {
        ClientDraft(displayName: form["displayName"], email: form["email"], phone: form["phone"], dateOfBirth: form["dateOfBirth"])
    }

    static func values(of client: Client) -> [String: String] {
        [
            "displayName": client.displayName, "email": client.email ?? "", "phone": client.phone ?? "",
            "dateOfBirth": client.dateOfBirth?.description ?? "",
        ]
    }
}
