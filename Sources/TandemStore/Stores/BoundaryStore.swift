import Foundation
import SQLKit
import TandemCore

/// Boundary crossings and incidents. Both are permanent (the schema refuses UPDATE and DELETE) and corrected only by
/// addenda that keep the original. (That an incident marks the engagement for review and alerts every owner is the
/// use case's rule: `TandemApp.Boundaries`.)
public enum BoundaryStore {

    public static func insert(_ crossing: BoundaryCrossing, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO boundary_crossings (id, engagement_id, date, kind, rationale, client_response, consultation_sought, recorded_by, recorded_at)
            VALUES (\(bind: crossing.id.uuid), \(bind: crossing.engagementID.uuid), \(bind: crossing.date.description), \(bind: crossing.kind.rawValue),
                    \(bind: try tx.keys.seal(crossing.rationale, Sealed.crossingRationale, row: crossing.id.uuid)),
                    \(bind: try tx.keys.seal(crossing.clientResponse, Sealed.crossingResponse, row: crossing.id.uuid)), \(bind: crossing.consultationSought), \(bind: crossing.recordedBy.uuid),
                    \(bind: crossing.recordedAt))
            """
        ).run()
    }

    public static func insert(_ incident: BoundaryIncident, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO boundary_incidents (id, engagement_id, date, kind, description, recorded_by, recorded_at)
            VALUES (\(bind: incident.id.uuid), \(bind: incident.engagementID.uuid), \(bind: incident.date.description), \(bind: incident.kind.rawValue),
                    \(bind: try tx.keys.seal(incident.description, Sealed.incidentDescription, row: incident.id.uuid)), \(bind: incident.recordedBy.uuid), \(bind: incident.recordedAt))
            """
        ).run()
    }

    /// The engagement of a crossing or an incident, on the use case's transaction.
    public static func engagement(of subject: BoundarySubject, on tx: Transaction) async throws -> Engagement.ID? {
        struct Row: Decodable { let engagementId: UUID }
        let query: SQLQueryString =
            switch subject {
            case .crossing(let id): "SELECT engagement_id FROM boundary_crossings WHERE id = \(bind: id.uuid)"
            case .incident(let id): "SELECT engagement_id FROM boundary_incidents WHERE id = \(bind: id.uuid)"
            }
        return try await tx.sql.raw(query).row(Row.self).map { .init($0.engagementId) }
    }

    /// A stored date, or an error naming the table (never the day it was recorded instead).
    static func day(_ text: String, table: String) throws -> LocalDate {
        guard let day = LocalDate(text) else { throw StoreError.unexpected("\(table).date holds \(text), which is not a date") }
        return day
    }

    struct CrossingRow: Decodable {
        let id: UUID
        let engagementId: UUID
        let date: String
        let kind: String
        let rationale: String
        let clientResponse: String?
        let consultationSought: Bool
        let recordedBy: UUID
        let recordedAt: Date
    }

    public static func crossings(of engagement: Engagement.ID, on tx: Transaction) async throws -> [BoundaryCrossing] {
        let rows: [CrossingRow] = try await tx.sql.raw(
            """
            SELECT id, engagement_id, date, kind, rationale, client_response, consultation_sought, recorded_by, recorded_at
            FROM boundary_crossings WHERE engagement_id = \(bind: engagement.uuid) ORDER BY date, recorded_at
            """
        ).rows(CrossingRow.self)
        return try rows.map {
            BoundaryCrossing(
                id: .init($0.id), engagementID: .init($0.engagementId), date: try Self.day($0.date, table: "boundary_crossings"),
                kind: try .stored($0.kind, table: "boundary_crossings", column: "kind"),
                rationale: try tx.keys.open($0.rationale, Sealed.crossingRationale, row: $0.id),
                clientResponse: try tx.keys.open($0.clientResponse, Sealed.crossingResponse, row: $0.id), consultationSought: $0.consultationSought,
                recordedBy: .init($0.recordedBy),
                recordedAt: $0.recordedAt
            )
        }
    }

    struct IncidentRow: Decodable {
        let id: UUID
        let engagementId: UUID
        let date: String
        let kind: String
        let description: String
        let recordedBy: UUID
        let recordedAt: Date
    }

    public static func incidents(of engagement: Engagement.ID, on tx: Transaction) async throws -> [BoundaryIncident] {
        let rows: [IncidentRow] = try await tx.sql.raw(
            """
            SELECT id, engagement_id, date, kind, description, recorded_by, recorded_at
            FROM boundary_incidents WHERE engagement_id = \(bind: engagement.uuid) ORDER BY date, recorded_at
            """
        ).rows(IncidentRow.self)
        return try rows.map {
            BoundaryIncident(
                id: .init($0.id), engagementID: .init($0.engagementId), date: try Self.day($0.date, table: "boundary_incidents"),
                kind: try .stored($0.kind, table: "boundary_incidents", column: "kind"),
                description: try tx.keys.open($0.description, Sealed.incidentDescription, row: $0.id),
                recordedBy: .init($0.recordedBy), recordedAt: $0.recordedAt
            )
        }
    }

    /// What an addendum corrects.
    public typealias Subject = BoundarySubject

    public static func insert(_ addendum: BoundaryAddendum, to subject: BoundarySubject, on tx: Transaction) async throws {
        let (crossing, incident): (UUID?, UUID?) =
            switch subject {
            case .crossing(let id): (id.uuid, nil)
            case .incident(let id): (nil, id.uuid)
            }
        try await tx.sql.raw(
            """
            INSERT INTO boundary_addenda (id, crossing_id, incident_id, text, recorded_by, recorded_at)
            VALUES (\(bind: addendum.id.uuid), \(bind: crossing), \(bind: incident),
                    \(bind: try tx.keys.seal(addendum.text, Sealed.boundaryAddendum, row: addendum.id.uuid)), \(bind: addendum.recordedBy.uuid), \(bind: addendum.recordedAt))
            """
        ).run()
    }

    /// The addenda of every boundary record of an engagement, keyed by the record's id, oldest first.
    public static func addenda(of engagement: Engagement.ID, on tx: Transaction) async throws -> [UUID: [BoundaryAddendum]] {
        struct Row: Decodable {
            let id: UUID
            let subject: UUID
            let text: String
            let recordedBy: UUID
            let recordedAt: Date
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT d.id, d.crossing_id AS subject, d.text, d.recorded_by, d.recorded_at
            FROM boundary_crossings c JOIN boundary_addenda d ON d.crossing_id = c.id
            WHERE c.engagement_id = \(bind: engagement.uuid)
            UNION ALL
            SELECT d.id, d.incident_id AS subject, d.text, d.recorded_by, d.recorded_at
            FROM boundary_incidents i JOIN boundary_addenda d ON d.incident_id = i.id
            WHERE i.engagement_id = \(bind: engagement.uuid)
            ORDER BY 5
            """
        ).rows(Row.self)
        let keys = tx.keys
        return try Dictionary(grouping: rows, by: \.subject).mapValues { rows in
            try rows.map {
                BoundaryAddendum(
                    id: .init($0.id), text: try keys.open($0.text, Sealed.boundaryAddendum, row: $0.id), recordedBy: .init($0.recordedBy),
                    recordedAt: $0.recordedAt)
            }
        }
    }
}
