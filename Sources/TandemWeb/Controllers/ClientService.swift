import Foundation
import TandemCore
import TandemStore

/// Client records as both the pages and the API use them: every access is checked against `ClientAccess` and leaves
/// an audit event, allowed or denied. A record the viewer may not know about answers not-found, never forbidden.
struct ClientService: Sendable {
    let services: AppServices

    static let pageSize = 50

    func list(for viewer: Account, search: String?, status: ClientStatus?, after cursor: ClientCursor?, limit: Int = pageSize) async throws -> ClientPage {
        let page = try await self.services.clients.list(scope: ClientScope.of(viewer), search: search.map { String($0.prefix(200)) }, status: status, after: cursor, limit: limit)
        // The search text is never audited or logged: it can be a client's name.
        try await self.services.audit.record(
            AuditEvent(at: self.services.now, actorID: viewer.id, action: .clientListed, entityType: "client", detail: "\(page.items.count) shown")
        )
        return page
    }

    /// The record for reading (`needEdit: false`) or changing; audits the view and any refusal.
    func open(_ rawID: String?, for viewer: Account, needEdit: Bool, action: AuditAction = .clientViewed) async throws -> ClientListItem {
        let now = self.services.now
        guard let rawID, let id = Client.ID(rawID) else { throw TandemError.notFound("The client") }
        guard let item = try await self.services.clients.find(id) else {
            try await self.services.audit.record(.client(action, id, by: viewer.id, at: now, outcome: .denied))
            throw TandemError.notFound("The client")
        }
        let access = ClientAccess.of(item.client, for: viewer)
        guard access.canRead else {
            try await self.services.audit.record(.client(action, id, by: viewer.id, at: now, outcome: .denied))
            throw TandemError.notFound("The client")
        }
        if needEdit, !access.canEdit {
            try await self.services.audit.record(.client(action, id, by: viewer.id, at: now, outcome: .denied))
            throw TandemError.forbidden(ClientAccess.readOnlyMessage)
        }
        if action == .clientViewed {
            try await self.services.audit.record(.client(.clientViewed, id, by: viewer.id, at: now))
        }
        return item
    }

    func create(_ draft: ClientDraft, by viewer: Account) async throws -> Client {
        let now = self.services.now
        let details = try draft.validated(today: LocalDate(now))
        return try await self.services.clients.create(details, practitionerID: viewer.id, at: now)
    }

    /// Changes the details (when `draft` is given) and the status (when it differs), all or nothing.
    func update(_ item: ClientListItem, with draft: ClientDraft?, status: ClientStatus? = nil, by viewer: Account) async throws -> ClientListItem {
        let now = self.services.now
        let details = try draft?.validated(today: LocalDate(now))
        let newStatus = status == item.client.status ? nil : status
        guard details != nil || newStatus != nil else { return item }
        try await self.services.clients.update(item.client.id, to: details, status: newStatus, by: viewer.id, at: now)
        return try await self.reload(item.client.id)
    }

    private func reload(_ id: Client.ID) async throws -> ClientListItem {
        guard let item = try await self.services.clients.find(id) else { throw TandemError.notFound("The client") }
        return item
    }
}
