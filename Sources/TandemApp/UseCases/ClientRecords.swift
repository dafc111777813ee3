import Foundation
import TandemCore
import TandemStore

/// Client records: every access checked against `ClientAccess` and audited, allowed or denied, in the transaction of
/// the read or write. A record the actor may not know about answers not-found, never forbidden.
public struct ClientRecords: Sendable {
    let app: App

    public static let pageSize = 50

    /// A page of the clients the actor may see; the list is audited by its size (the search text never: it can be a
    /// client's name).
    public func list(for actor: Account, search: String?, status: ClientStatus?, after cursor: ClientCursor?, limit: Int = pageSize) async throws
        -> ClientPage
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let page = try await ClientStore.list(
                scope: ClientScope.of(actor), search: search.map { String($0.prefix(200)) }, status: status, after: cursor, limit: limit, on: tx
            )
            try await AuditStore.append(
                AuditEvent(at: now, actorID: actor.id, action: .clientListed, entityType: "client", detail: "\(page.items.count) shown"), on: tx
            )
            return page
        }
    }

    /// The record for reading (`needEdit: false`) or for an edit form; audited as a view, and any refusal as `action`.
    public func open(_ id: Client.ID, for actor: Account, needEdit: Bool, action: AuditAction = .clientViewed) async throws -> ClientListItem {
        let now = self.app.now
        return try await self.app.unit { tx in
            let item = try await Self.readable(id, for: actor, needEdit: needEdit, action: action, at: now, on: tx)
            if action == .clientViewed { try await AuditStore.append(.client(.clientViewed, item.client.id, by: actor.id, at: now), on: tx) }
            return item
        }
    }

    public func create(_ draft: ClientDraft, by actor: Account) async throws -> Client {
        let now = self.app.now
        guard actor.writesClinical else { throw TandemError.forbidden(Account.supervisorWritesNothing) }
        return try await self.app.unit { tx in
            let details = try draft.validated(today: LocalDate(now))
            let client = try await ClientStore.create(details, practitionerID: actor.id, at: now, on: tx)
            try await AuditStore.append(.client(.clientCreated, client.id, by: actor.id, at: now), on: tx)
            return client
        }
    }

    /// Changes the details (when `draft` is given) and the status (when it differs), all or nothing; only the
    /// client's practitioner. A refusal is audited as the change (`clientUpdated`, or the status change).
    public func update(_ id: Client.ID, with draft: ClientDraft?, status: ClientStatus? = nil, by actor: Account) async throws -> ClientListItem {
        try await self.update(id, draft.map(Change.replace), status: status, by: actor)
    }

    /// Changes only the fields the patch names (the API's PATCH), read and written in one transaction so no change
    /// made in between is lost.
    public func update(_ id: Client.ID, patch: ClientPatch, status: ClientStatus? = nil, by actor: Account) async throws -> ClientListItem {
        try await self.update(id, patch == ClientPatch() ? nil : .patch(patch), status: status, by: actor)
    }

    enum Change: Sendable {
        case replace(ClientDraft)
        case patch(ClientPatch)

        func draft(for client: Client) -> ClientDraft {
            switch self {
            case .replace(let draft): draft
            case .patch(let patch): patch.applied(to: client)
            }
        }
    }

    private func update(_ id: Client.ID, _ change: Change?, status: ClientStatus?, by actor: Account) async throws -> ClientListItem {
        let now = self.app.now
        let action: AuditAction =
            switch status {
            case .discharged?: .clientDischarged
            case .active?: .clientReopened
            case nil: .clientUpdated
            }
        return try await self.app.unit { tx in
            let item = try await Self.readable(id, for: actor, needEdit: true, action: change == nil ? action : .clientUpdated, at: now, on: tx)
            let details = try change?.draft(for: item.client).validated(today: LocalDate(now))
            let newStatus = status == item.client.status ? nil : status
            guard details != nil || newStatus != nil else { return item }
            try await ClientStore.update(item.client.id, to: details, status: newStatus, at: now, on: tx)
            if details != nil { try await AuditStore.append(.client(.clientUpdated, item.client.id, by: actor.id, at: now), on: tx) }
            if let newStatus {
                try await AuditStore.append(
                    .client(newStatus == .discharged ? .clientDischarged : .clientReopened, item.client.id, by: actor.id, at: now), on: tx)
            }
            guard let fresh = try await ClientStore.find(item.client.id, on: tx) else { throw TandemError.notFound("The client") }
            return fresh
        }
    }

    /// The record if the actor may read it (and edit it, with `needEdit`); refusals are audited as `action`, denied.
    static func readable(
        _ id: Client.ID, for actor: Account, needEdit: Bool, action: AuditAction, at now: Date, on tx: Transaction
    ) async throws -> ClientListItem {
        let denied = AuditEvent.client(action, id, by: actor.id, at: now, outcome: .denied)
        guard let item = try await ClientStore.find(id, on: tx) else { throw Denial(events: [denied], error: .notFound("The client")) }
        let access = ClientAccess.of(item.client, for: actor)
        guard access.canRead else { throw Denial(events: [denied], error: .notFound("The client")) }
        if needEdit, !access.canEdit { throw Denial(events: [denied], error: .forbidden(ClientAccess.readOnlyMessage)) }
        return item
    }
}
