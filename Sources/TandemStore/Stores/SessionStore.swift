import Foundation
import SQLKit
import TandemCore

/// Sessions and the state that moves them along: schedule, start, phase changes, agreement, end, cancel.
/// Every write is one transaction with its audit event; the live records are in `LiveRecordStore`.
public enum SessionStore {

    struct Row: Decodable {
        let id: UUID
        let engagementId: UUID
        let scheduledAt: Date
        let lengthMinutes: Int
        let planOpening: Int
        let planWork: Int
        let planClosing: Int
        let status: String
        let startedAt: Date?
        let endedAt: Date?
        let agreementClientWords: String?
        let agreementFocus: String?
        let agreementAt: Date?
        let agreementSkipReason: String?
        let progressNotes: String?
        let howFarRating: Int?
        let howFarSource: String?
        let howFarAt: Date?
        let createdAt: Date
        let clientName: String
        let clientId: UUID
        let role: String
        let practitionerId: UUID

        func howFar() throws -> HowFar? {
            guard let rating = self.howFarRating, let source = self.howFarSource, let at = self.howFarAt else { return nil }
            return HowFar(rating: rating, source: try .stored(source, table: "sessions", column: "how_far_source"), at: at)
        }

        func item(phases: [PhaseChange], keys: Keyring) throws -> SessionListItem {
            var agreement: SessionAgreement?
            if let words = try keys.open(self.agreementClientWords, Sealed.agreementWords, row: self.id) {
                guard let focus = try keys.open(self.agreementFocus, Sealed.agreementFocus, row: self.id), let at = self.agreementAt else {
                    throw StoreError.unexpected("sessions.agreement_focus or agreement_at of \(self.id) is missing for an agreement")
                }
                agreement = SessionAgreement(clientWords: words, focus: focus, recordedAt: at)
            }
            let session = Session(
                id: .init(self.id), engagementID: .init(self.engagementId), scheduledAt: self.scheduledAt, lengthMinutes: self.lengthMinutes,
                plan: PhasePlan(opening: self.planOpening, work: self.planWork, closing: self.planClosing),
                status: try .stored(self.status, table: "sessions", column: "status"), startedAt: self.startedAt, endedAt: self.endedAt,
                phaseChanges: phases,
                agreement: agreement, agreementSkipReason: try keys.open(self.agreementSkipReason, Sealed.agreementSkip, row: self.id),
                progressNotes: try keys.open(self.progressNotes, Sealed.progressNotes, row: self.id), createdAt: self.createdAt,
                howFar: try self.howFar()
            )
            return SessionListItem(
                session: session, clientName: try keys.open(self.clientName, Sealed.clientName, row: self.clientId),
                role: try .stored(self.role, table: "engagements", column: "role"),
                practitionerID: .init(self.practitionerId)
            )
        }
    }

    static let select: SQLQueryString = """
        SELECT s.id, s.engagement_id, s.scheduled_at, s.length_minutes, s.plan_opening, s.plan_work, s.plan_closing, s.status, s.started_at,
               s.ended_at, s.agreement_client_words, s.agreement_focus, s.agreement_at, s.agreement_skip_reason, s.progress_notes, s.created_at,
               s.how_far_rating, s.how_far_source, s.how_far_at, c.display_name AS client_name, c.id AS client_id, e.role, e.practitioner_id
        FROM sessions s JOIN engagements e ON e.id = s.engagement_id JOIN clients c ON c.id = e.client_id
        """

    struct PhaseRow: Decodable {
        let sessionId: UUID
        let phase: String
        let beganAt: Date
    }

    static func items(_ rows: [Row], on tx: Transaction) async throws -> [SessionListItem] {
        let db = tx.sql
        guard !rows.isEmpty else { return [] }
        let phases: [PhaseRow] = try await db.raw(
            "SELECT session_id, phase, began_at FROM session_phases WHERE session_id IN (\(binds: rows.map(\.id))) ORDER BY began_at"
        ).rows(PhaseRow.self)
        let byID = Dictionary(grouping: phases, by: \.sessionId)
        return try rows.map { row in
            let phases = try (byID[row.id] ?? []).map {
                PhaseChange(phase: try .stored($0.phase, table: "session_phases", column: "phase"), at: $0.beganAt)
            }
            return try row.item(phases: phases.sorted { $0.phase < $1.phase }, keys: tx.keys)
        }
    }

    public static func schedule(_ session: Session, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO sessions (id, engagement_id, scheduled_at, length_minutes, plan_opening, plan_work, plan_closing, status, created_at)
            VALUES (\(bind: session.id.uuid), \(bind: session.engagementID.uuid), \(bind: session.scheduledAt), \(bind: session.lengthMinutes),
                    \(bind: session.plan.opening), \(bind: session.plan.work), \(bind: session.plan.closing), 'scheduled', \(bind: session.createdAt))
            """
        ).run()
    }

    /// What recording in a session checks (its status and start, the engagement's holder, the client's practitioner),
    /// in one query on the use case's transaction.
    public static func recordingTarget(_ id: Session.ID, on tx: Transaction) async throws -> RecordingTarget? {
        struct Row: Decodable {
            let engagementId: UUID
            let status: String
            let startedAt: Date?
            let practitionerId: UUID
            let practitionerName: String
            let clientPractitionerId: UUID
        }
        let row = try await tx.sql.raw(
            """
            SELECT s.engagement_id, s.status, s.started_at, e.practitioner_id, a.name AS practitioner_name, c.practitioner_id AS client_practitioner_id
            FROM sessions s JOIN engagements e ON e.id = s.engagement_id JOIN accounts a ON a.id = e.practitioner_id JOIN clients c ON c.id = e.client_id
            WHERE s.id = \(bind: id.uuid)
            """
        ).row(Row.self)
        guard let row else { return nil }
        return RecordingTarget(
            sessionID: id, engagementID: .init(row.engagementId), status: try .stored(row.status, table: "sessions", column: "status"),
            startedAt: row.startedAt, holderID: .init(row.practitionerId), holderName: row.practitionerName,
            clientPractitionerID: .init(row.clientPractitionerId)
        )
    }

    /// The engagement's session in progress, if one is.
    public static func running(in engagement: Engagement.ID, on tx: Transaction) async throws -> Session.ID? {
        struct Row: Decodable { let id: UUID }
        return try await tx.sql.raw(
            """
            SELECT id FROM sessions WHERE engagement_id = \(bind: engagement.uuid) AND status = \(bind: SessionStatus.inProgress.rawValue) ORDER BY scheduled_at, id LIMIT 1
            """
        ).row(Row.self).map { .init($0.id) }
    }

    /// The session with its phases and names, on the use case's transaction.
    public static func find(_ id: Session.ID, on tx: Transaction) async throws -> SessionListItem? {
        let rows: [Row] = try await tx.sql.raw("\(Self.select) WHERE s.id = \(bind: id.uuid)").rows(Row.self)
        return try await Self.items(rows, on: tx).first
    }

    /// The engagement's sessions in time order.
    public static func forEngagement(_ id: Engagement.ID, on tx: Transaction) async throws -> [SessionListItem] {
        try await Self.items(
            try await tx.sql.raw("\(Self.select) WHERE s.engagement_id = \(bind: id.uuid) ORDER BY s.scheduled_at, s.id").rows(Row.self), on: tx)
    }

    /// The engagement's sessions as a list shows them, in time order: one narrow query (no phases, no texts), for the
    /// engagement page, which lists every session.
    public static func summaries(of id: Engagement.ID, on tx: Transaction) async throws -> [SessionSummary] {
        struct Line: Decodable {
            let id: UUID
            let scheduledAt: Date
            let lengthMinutes: Int
            let status: String
            let startedAt: Date?
        }
        let lines: [Line] = try await tx.sql.raw(
            """
            SELECT id, scheduled_at, length_minutes, status, started_at FROM sessions WHERE engagement_id = \(bind: id.uuid) ORDER BY scheduled_at, id
            """
        ).rows(Line.self)
        return try lines.map {
            SessionSummary(
                id: .init($0.id), scheduledAt: $0.scheduledAt, lengthMinutes: $0.lengthMinutes,
                status: try .stored($0.status, table: "sessions", column: "status"),
                startedAt: $0.startedAt
            )
        }
    }

    /// A practitioner's sessions scheduled in `[from, to)`, in time order (the day view).
    public static func schedule(of practitioner: Account.ID, from: Date, to: Date, on tx: Transaction) async throws -> [SessionListItem] {
        try await Self.items(
            try await tx.sql.raw(
                """
                \(Self.select) WHERE e.practitioner_id = \(bind: practitioner.uuid) AND s.scheduled_at >= \(bind: from) AND s.scheduled_at < \(bind: to)
                ORDER BY s.scheduled_at, s.id
                """
            ).rows(Row.self), on: tx)
    }

    /// A practitioner's ended sessions with no signed note, oldest first (at most `limit`), which of them have a
    /// draft, and how many there are in all (Today's "Notes to sign").
    public static func withoutSignedNote(of practitioner: Account.ID, limit: Int, on tx: Transaction) async throws -> (
        [SessionListItem], Set<Session.ID>, Int
    ) {
        let unsigned: SQLQueryString = """
            e.practitioner_id = \(bind: practitioner.uuid) AND s.status = 'completed'
              AND NOT EXISTS (SELECT 1 FROM signed_notes n WHERE n.session_id = s.id)
            """
        let items = try await Self.items(
            try await tx.sql.raw("\(Self.select) WHERE \(unsigned) ORDER BY s.ended_at, s.id LIMIT \(bind: limit)").rows(Row.self), on: tx)
        struct Count: Decodable { let n: Int }
        let total =
            try await tx.sql.raw(
                "SELECT COUNT(*) AS n FROM sessions s JOIN engagements e ON e.id = s.engagement_id WHERE \(unsigned)"
            ).row(Count.self)?.n ?? 0
        struct Draft: Decodable { let sessionId: UUID }
        var drafts: Set<Session.ID> = []
        if !items.isEmpty {
            let query: SQLQueryString = "SELECT session_id FROM note_drafts WHERE session_id IN (\(binds: items.map(\.session.id.uuid)))"
            drafts = Set(try await tx.sql.raw(query).rows(Draft.self).map { .init($0.sessionId) })
        }
        return (items, drafts, total)
    }

    /// A status change guarded by the status it must come from, on the use case's transaction.
    static func transition(_ id: Session.ID, from: SessionStatus, to: SessionStatus, set extra: SQLQueryString? = nil, on tx: Transaction)
        async throws
    {
        struct Status: Decodable { let status: String }
        let current: Status? = try await tx.sql.raw("SELECT status FROM sessions WHERE id = \(bind: id.uuid)").row(Status.self)
        guard current?.status == from.rawValue else {
            throw TandemError.conflict(
                code: .sessionChanged, message: "This session changed meanwhile (another tab or device?). Reload to see it as it is.")
        }
        var update = SQLQueryString("UPDATE sessions SET status = \(bind: to.rawValue)")
        if let extra {
            update.appendLiteral(", ")
            update.appendInterpolation(extra)
        }
        let condition: SQLQueryString = " WHERE id = \(bind: id.uuid)"
        update.appendInterpolation(condition)
        try await tx.sql.raw(update).run()
    }

    /// Starts a scheduled session: in progress, its opening begun.
    public static func start(_ id: Session.ID, at now: Date, on tx: Transaction) async throws {
        try await Self.transition(id, from: .scheduled, to: .inProgress, set: "started_at = \(bind: now)", on: tx)
        try await tx.sql.raw("INSERT INTO session_phases (session_id, phase, began_at) VALUES (\(bind: id.uuid), 'opening', \(bind: now))").run()
    }

    public static func end(_ id: Session.ID, at now: Date, on tx: Transaction) async throws {
        try await Self.transition(id, from: .inProgress, to: .completed, set: "ended_at = \(bind: now)", on: tx)
    }

    /// Cancelled, or a no-show.
    public static func cancel(_ id: Session.ID, as status: SessionStatus, on tx: Transaction) async throws {
        try await Self.transition(id, from: .scheduled, to: status, on: tx)
    }

    public static func changePhase(_ id: Session.ID, to phase: Phase, skipReason: String?, at now: Date, on tx: Transaction) async throws {
        try await tx.sql.raw(
            "INSERT INTO session_phases (session_id, phase, began_at) VALUES (\(bind: id.uuid), \(bind: phase.rawValue), \(bind: now))"
        ).run()
        if let skipReason {
            try await tx.sql.raw(
                "UPDATE sessions SET agreement_skip_reason = \(bind: try tx.keys.seal(skipReason, Sealed.agreementSkip, row: id.uuid)) WHERE id = \(bind: id.uuid)"
            ).run()
        }
    }

    public static func setAgreement(_ id: Session.ID, _ agreement: SessionAgreement, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE sessions SET agreement_client_words = \(bind: try tx.keys.seal(agreement.clientWords, Sealed.agreementWords, row: id.uuid)),
                agreement_focus = \(bind: try tx.keys.seal(agreement.focus, Sealed.agreementFocus, row: id.uuid)),
                agreement_at = \(bind: agreement.recordedAt)
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    /// The session's "How far did we get?".
    public static func setHowFar(_ id: Session.ID, _ howFar: HowFar, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE sessions SET how_far_rating = \(bind: howFar.rating), how_far_source = \(bind: howFar.source.rawValue), how_far_at = \(bind: howFar.at)
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    public static func setProgressNotes(_ id: Session.ID, _ notes: String?, on tx: Transaction) async throws {
        try await tx.sql.raw(
            "UPDATE sessions SET progress_notes = \(bind: try tx.keys.seal(notes, Sealed.progressNotes, row: id.uuid)) WHERE id = \(bind: id.uuid)"
        ).run()
    }
}
