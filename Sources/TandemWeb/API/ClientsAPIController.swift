import Foundation
import Hummingbird
import TandemApp
import TandemCore

/// `/api/v1/clients`: the same records, rules and audit as the pages, as JSON.
struct ClientsAPIController: Sendable {
    let services: AppServices
    var clients: ClientRecords { self.services.app.clients }

    /// A client as the API shows it.
    struct ClientJSON: Encodable {
        let id: String
        let practitionerId: String
        let displayName: String
        let email: String?
        let phone: String?
        let dateOfBirth: String?
        let status: String
        let createdAt: Date
        let updatedAt: Date

        init(_ client: Client) {
            self.id = client.id.description
            self.practitionerId = client.practitionerID.description
            self.displayName = client.displayName
            self.email = client.email
            self.phone = client.phone
            self.dateOfBirth = client.dateOfBirth?.description
            self.status = client.status.rawValue
            self.createdAt = client.createdAt
            self.updatedAt = client.updatedAt
        }

        func encode(to encoder: any Encoder) throws {
            // Optional fields are written as null rather than left out, so every client has the same keys.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.id, forKey: .id)
            try c.encode(self.practitionerId, forKey: .practitionerId)
            try c.encode(self.displayName, forKey: .displayName)
            try c.encode(self.email, forKey: .email)
            try c.encode(self.phone, forKey: .phone)
            try c.encode(self.dateOfBirth, forKey: .dateOfBirth)
            try c.encode(self.status, forKey: .status)
            try c.encode(self.createdAt, forKey: .createdAt)
            try c.encode(self.updatedAt, forKey: .updatedAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, practitionerId, displayName, email, phone, dateOfBirth, status, createdAt, updatedAt
        }
    }

    struct ListJSON: Encodable {
        let items: [ClientJSON]
        let nextCursor: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.items, forKey: .items)
            try c.encode(self.nextCursor, forKey: .nextCursor)
        }

        enum CodingKeys: String, CodingKey { case items, nextCursor }
    }

    func addRoutes(to api: RouterGroup<SignedInContext>) {
        api.get("clients") { request, context in
            let account = context.account
            let query = request.uri.queryParameters
            let limit: Int
            if let raw = query.get("limit") {
                guard let n = Int(raw), (1...100).contains(n) else {
                    throw TandemError.invalid("limit", "limit must be a whole number from 1 to 100.")
                }
                limit = n
            } else {
                limit = ClientRecords.pageSize
            }
            var status: ClientStatus?
            if let raw = query.get("status"), raw != "all" {
                guard let s = ClientStatus(rawValue: raw) else { throw TandemError.invalid("status", "status must be active, discharged or all.") }
                status = s
            }
            var cursor: ClientCursor?
            if let raw = query.get("cursor") {
                guard let c = ClientCursor(raw) else {
                    throw TandemError.invalid("cursor", "cursor must be a nextCursor value from an earlier answer.")
                }
                cursor = c
            }
            if let q = query.get("q"), TextRule.length(q) > 200 { throw TandemError.invalid("q", "q must be at most 200 characters.") }
            let page = try await self.clients.list(for: account, search: query.get("q"), status: status, after: cursor, limit: limit)
            return try JSON.response(ListJSON(items: page.items.map { ClientJSON($0.client) }, nextCursor: page.nextCursor?.text))
        }
        api.post("clients") { request, context in
            let account = context.account
            let body = try await JSON.command(NewClient.self, request, context: context)
            let client = try await self.clients.create(body.draft, by: account)
            var response = try JSON.response(ClientJSON(client), status: .created)
            response.headers[.location] = "/api/v1/clients/\(client.id)"
            return response
        }
        api.get("clients/:id") { _, context in
            let account = context.account
            let item = try await self.clients.open(try context.id(), for: account, needEdit: false)
            return try JSON.response(ClientJSON(item.client))
        }
        api.patch("clients/:id") { request, context in
            let account = context.account
            let body = try await JSON.command(ClientChange.self, request, context: context)
            let updated = try await self.clients.update(try context.id(), patch: body.patch, status: body.status, by: account)
            return try JSON.response(ClientJSON(updated.client))
        }
    }
}

/// Serves the OpenAPI document kept in the repository.
struct OpenAPIController: Sendable {
    let document: ByteBuffer

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else { throw Views.ViewError.missingTemplates }
        self.document = ByteBuffer(data: try Data(contentsOf: url))
    }

    func addRoutes(to router: RouterGroup<TandemContext>) {
        router.get("/api/v1/openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: self.document))
        }
    }
}
