import Foundation
import SQLKit
import TandemCore

/// What is recorded during a session, each saved the moment it is made: markers, redirects, questions asked,
/// takeaways, action steps (and their reviews), the question library, and addenda after the session.
public enum LiveRecordStore {

    // MARK: Markers

    struct MarkerRow: Decodable {
        let id: UUID
        let sessionId: UUID
        let kind: String
        let atSeconds: Int
        let text: String?
        let namedBy: String
        let highlighted: Bool
        let recordedAt: Date

        func marker(_ keys: Keyring) throws -> Marker {
            Marker(
                id: .init(self.id), sessionID: .init(self.sessionId), kind: try .stored(self.kind, table: "markers", column: "kind"),
                atSeconds: self.atSeconds,
                text: try keys.open(self.text, Sealed.markerText, row: self.id),
                namedBy: try .stored(self.namedBy, table: "markers", column: "named_by"),
                highlighted: self.highlighted, recordedAt: self.recordedAt
            )
        }
    }

    /// Inserts a marker on the use case's transaction (its audit event is the use case's).
    public static func insert(_ m: Marker, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO markers (id, session_id, kind, at_seconds, text, named_by, highlighted, recorded_at)
            VALUES (\(bind: m.id.uuid), \(bind: m.sessionID.uuid), \(bind: m.kind.rawValue), \(bind: m.atSeconds),
                    \(bind: try tx.keys.seal(m.text, Sealed.markerText, row: m.id.uuid)), \(bind: m.namedBy.rawValue),
                    \(bind: m.highlighted), \(bind: m.recordedAt))
            """
        ).run()
    }

    /// The text, voice and highlight added after the keystroke that recorded the marker.
    public static func update(_ m: Marker, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE markers SET text = \(bind: try tx.keys.seal(m.text, Sealed.markerText, row: m.id.uuid)), named_by = \(bind: m.namedBy.rawValue), highlighted = \(bind: m.highlighted) WHERE id = \(bind: m.id.uuid)
            """
        ).run()
    }

    public static func marker(_ id: Marker.ID, on tx: Transaction) async throws -> Marker? {
        try await tx.sql.raw("SELECT * FROM markers WHERE id = \(bind: id.uuid)").row(MarkerRow.self)?.marker(tx.keys)
    }

    public static func markers(of session: Session.ID, on tx: Transaction) async throws -> [Marker] {
        try await tx.sql.raw("SELECT * FROM markers WHERE session_id = \(bind: session.uuid) ORDER BY at_seconds, recorded_at, id")
            .rows(MarkerRow.self).map { try $0.marker(tx.keys) }
    }

    // MARK: Redirects

    public static func insert(_ r: Redirect, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO redirects (id, session_id, at_seconds, note, recorded_at)
            VALUES (\(bind: r.id.uuid), \(bind: r.sessionID.uuid), \(bind: r.atSeconds), \(bind: try tx.keys.seal(r.note, Sealed.redirectNote, row: r.id.uuid)), \(bind: r.recordedAt))
            """
        ).run()
    }

    public static func redirects(of session: Session.ID, on tx: Transaction) async throws -> [Redirect] {
        struct Row: Decodable {
            let id: UUID
            let atSeconds: Int
            let note: String?
            let recordedAt: Date
        }
        let rows: [Row] = try await tx.sql.raw(
            "SELECT id, at_seconds, note, recorded_at FROM redirects WHERE session_id = \(bind: session.uuid) ORDER BY at_seconds, id"
        )
        .rows(Row.self)
        return try rows.map {
            Redirect(
                id: .init($0.id), sessionID: session, atSeconds: $0.atSeconds, note: try tx.keys.open($0.note, Sealed.redirectNote, row: $0.id),
                recordedAt: $0.recordedAt)
        }
    }

    // MARK: Questions

    struct QuestionRow: Decodable {
        let id: UUID
        let phase: String
        let purpose: String
        let text: String
        let ownerId: UUID?

        var question: Question {
            get throws {
                Question(
                    id: .init(self.id), phase: try .stored(self.phase, table: "questions", column: "phase"),
                    purpose: try .stored(self.purpose, table: "questions", column: "purpose"), text: self.text,
                    ownerID: self.ownerId.map { .init($0) }
                )
            }
        }
    }

    /// The library as one practitioner sees it: Tandem's questions and her own, by phase and purpose; filtered by
    /// phase and by words in the text (case-insensitive).
    public static func questions(for practitioner: Account.ID, phase: Phase?, search: String?, on tx: Transaction) async throws -> [Question] {
        var query = SQLQueryString(
            "SELECT id, phase, purpose, text, owner_id FROM questions WHERE (owner_id IS NULL OR owner_id = \(bind: practitioner.uuid))")
        if let phase {
            let condition: SQLQueryString = " AND phase = \(bind: phase.rawValue)"
            query.appendInterpolation(condition)
        }
        if let search = search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let pattern =
                "%"
                + search.lowercased().replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
                    of: "_", with: "\\_") + "%"
            let condition: SQLQueryString = " AND lower(text) LIKE \(bind: pattern) ESCAPE '\\'"
            query.appendInterpolation(condition)
        }
        query.appendLiteral(" ORDER BY CASE phase WHEN 'opening' THEN 0 WHEN 'work' THEN 1 ELSE 2 END, purpose, owner_id, text")
        return try await tx.sql.raw(query).rows(QuestionRow.self).map { try $0.question }
    }

    public static func question(_ id: Question.ID, on tx: Transaction) async throws -> Question? {
        try await tx.sql.raw("SELECT id, phase, purpose, text, owner_id FROM questions WHERE id = \(bind: id.uuid)").row(QuestionRow.self)?.question
    }

    /// A practitioner's own question (Tandem's own are seeded by the migrations).
    public static func insert(_ q: Question, owner: Account.ID, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO questions (id, phase, purpose, text, owner_id) VALUES (\(bind: q.id.uuid), \(bind: q.phase.rawValue), \(bind: q.purpose.rawValue), \(bind: q.text), \(bind: owner.uuid))
            """
        ).run()
    }

    public static func insert(_ a: QuestionAsked, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO questions_asked (id, session_id, question_id, at_seconds, recorded_at)
            VALUES (\(bind: a.id.uuid), \(bind: a.sessionID.uuid), \(bind: a.questionID.uuid), \(bind: a.atSeconds), \(bind: a.recordedAt))
            """
        ).run()
    }

    /// The questions asked in a session, with their text, in time order.
    public static func questionsAsked(in session: Session.ID, on tx: Transaction) async throws -> [(QuestionAsked, Question)] {
        struct Row: Decodable {
            let id: UUID
            let questionId: UUID
            let atSeconds: Int
            let recordedAt: Date
            let phase: String
            let purpose: String
            let text: String
            let ownerId: UUID?
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT a.id, a.question_id, a.at_seconds, a.recorded_at, q.phase, q.purpose, q.text, q.owner_id
            FROM questions_asked a JOIN questions q ON q.id = a.question_id WHERE a.session_id = \(bind: session.uuid) ORDER BY a.at_seconds, a.id
            """
        ).rows(Row.self)
        return try rows.map {
            (
                QuestionAsked(
                    id: .init($0.id), sessionID: session, questionID: .init($0.questionId), atSeconds: $0.atSeconds, recordedAt: $0.recordedAt),
                try QuestionRow(id: $0.questionId, phase: $0.phase, purpose: $0.purpose, text: $0.text, ownerId: $0.ownerId).question
            )
        }
    }

    // MARK: Takeaways

    public static func insert(_ t: Takeaway, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO takeaways (id, session_id, text, source, permission_asked, at_seconds, recorded_at)
            VALUES (\(bind: t.id.uuid), \(bind: t.sessionID.uuid), \(bind: try tx.keys.seal(t.text, Sealed.takeawayText, row: t.id.uuid)), \(bind: t.source.rawValue), \(bind: t.permissionAsked), \(bind: t.atSeconds),
                    \(bind: t.recordedAt))
            """
        ).run()
    }

    public static func takeaways(of session: Session.ID, on tx: Transaction) async throws -> [Takeaway] {
        try await Self.takeaways(where: "session_id = \(bind: session.uuid)", on: tx)
    }

    /// The takeaways of every session of the engagement (the portal's past sessions), each session's in time order.
    public static func takeaways(ofEngagement engagement: Engagement.ID, on tx: Transaction) async throws -> [Session.ID: [Takeaway]] {
        let all = try await Self.takeaways(
            where: "session_id IN (SELECT id FROM sessions WHERE engagement_id = \(bind: engagement.uuid))", on: tx
        )
        return Dictionary(grouping: all, by: \.sessionID)
    }

    private static func takeaways(where condition: SQLQueryString, on tx: Transaction) async throws -> [Takeaway] {
        struct Row: Decodable {
            let id: UUID
            let sessionId: UUID
            let text: String
            let source: String
            let permissionAsked: Bool
            let atSeconds: Int
            let recordedAt: Date
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, session_id, text, source, permission_asked, at_seconds, recorded_at FROM takeaways WHERE \(condition) ORDER BY recorded_at, id
            """
        ).rows(Row.self)
        return try rows.map {
            Takeaway(
                id: .init($0.id), sessionID: .init($0.sessionId), text: try tx.keys.open($0.text, Sealed.takeawayText, row: $0.id),
                source: try .stored($0.source, table: "takeaways", column: "source"),
                permissionAsked: $0.permissionAsked, atSeconds: $0.atSeconds, recordedAt: $0.recordedAt
            )
        }
    }

    // MARK: Action steps

    struct ActionRow: Decodable {
        let id: UUID
        let engagementId: UUID
        let sessionId: UUID
        let text: String
        let due: String?
        let createdAt: Date
        let reviewStatus: String?
        let reviewClientWords: String?
        let reviewedAt: Date?
        let reviewedInSessionId: UUID?
        let clientStatus: String?
        let clientNote: String?
        let clientCheckedAt: Date?

        /// The step as Core values: an unknown review status, or a review without its time, is an error naming the
        /// column, never a guess.
        func step(_ keys: Keyring) throws -> ActionStep {
            var review: ActionReview?
            if let raw = self.reviewStatus {
                guard let at = self.reviewedAt else {
                    throw StoreError.unexpected("action_steps.reviewed_at of \(self.id) is missing for a review")
                }
                review = ActionReview(
                    status: try .stored(raw, table: "action_steps", column: "review_status"),
                    clientWords: try keys.open(self.reviewClientWords, Sealed.stepReview, row: self.id), reviewedAt: at,
                    sessionID: self.reviewedInSessionId.map { .init($0) }
                )
            }
            return ActionStep(
                id: .init(self.id), engagementID: .init(self.engagementId), sessionID: .init(self.sessionId),
                text: try keys.open(self.text, Sealed.stepText, row: self.id),
                due: self.due.flatMap(LocalDate.init), createdAt: self.createdAt, review: review
            )
        }

        /// The client's own tick in the portal, if any.
        func check(_ keys: Keyring) throws -> ClientCheck? {
            guard let raw = self.clientStatus else { return nil }
            guard let at = self.clientCheckedAt else {
                throw StoreError.unexpected("action_steps.client_checked_at of \(self.id) is missing for a check")
            }
            return ClientCheck(
                status: try .stored(raw, table: "action_steps", column: "client_status"),
                note: try keys.open(self.clientNote, Sealed.stepClientNote, row: self.id), at: at)
        }
    }

    static let actionColumns: SQLQueryString = """
        SELECT id, engagement_id, session_id, text, due, created_at, review_status, review_client_words, reviewed_at, reviewed_in_session_id,
               client_status, client_note, client_checked_at
        FROM action_steps
        """

    /// Action steps with the client's ticks of them.
    public struct StepsWithChecks: Sendable {
        public let steps: [ActionStep]
        public let checks: [ActionStep.ID: ClientCheck]

        init(_ rows: [ActionRow], keys: Keyring) throws {
            self.steps = try rows.map { try $0.step(keys) }
            var checks: [ActionStep.ID: ClientCheck] = [:]
            for row in rows { if let check = try row.check(keys) { checks[.init(row.id)] = check } }
            self.checks = checks
        }
    }

    public static func insert(_ a: ActionStep, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO action_steps (id, engagement_id, session_id, text, due, created_at)
            VALUES (\(bind: a.id.uuid), \(bind: a.engagementID.uuid), \(bind: a.sessionID.uuid),
                    \(bind: try tx.keys.seal(a.text, Sealed.stepText, row: a.id.uuid)), \(bind: a.due?.description), \(bind: a.createdAt))
            """
        ).run()
    }

    public static func actionStep(_ id: ActionStep.ID, on tx: Transaction) async throws -> ActionStep? {
        try await tx.sql.raw("\(Self.actionColumns) WHERE id = \(bind: id.uuid)").row(ActionRow.self)?.step(tx.keys)
    }

    /// What a session's page shows of the action steps, in one query: those agreed in it, those its opening
    /// reviews (agreed in another session of the engagement and not yet reviewed, or reviewed in this one), and the
    /// client's ticks of both.
    public static func actionSteps(
        around session: Session, on tx: Transaction
    ) async throws -> (agreed: [ActionStep], toReview: [ActionStep], checks: [ActionStep.ID: ClientCheck]) {
        let rows: [ActionRow] = try await tx.sql.raw(
            """
            \(Self.actionColumns) WHERE engagement_id = \(bind: session.engagementID.uuid)
              AND (session_id = \(bind: session.id.uuid) OR review_status IS NULL OR reviewed_in_session_id = \(bind: session.id.uuid))
            ORDER BY created_at, id
            """
        ).rows(ActionRow.self)
        let found = try StepsWithChecks(rows, keys: tx.keys)
        return (found.steps.filter { $0.sessionID == session.id }, found.steps.filter { $0.sessionID != session.id }, found.checks)
    }

    /// Every action step of the engagement, oldest first, with the client's ticks (the portal).
    public static func actionSteps(of engagement: Engagement.ID, on tx: Transaction) async throws -> StepsWithChecks {
        try StepsWithChecks(
            try await tx.sql.raw("\(Self.actionColumns) WHERE engagement_id = \(bind: engagement.uuid) ORDER BY created_at, id").rows(ActionRow.self),
            keys: tx.keys
        )
    }

    public static func review(_ id: ActionStep.ID, _ review: ActionReview, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            UPDATE action_steps SET review_status = \(bind: review.status.rawValue), review_client_words = \(bind: try tx.keys.seal(review.clientWords, Sealed.stepReview, row: id.uuid)),
                reviewed_at = \(bind: review.reviewedAt), reviewed_in_session_id = \(bind: review.sessionID?.uuid)
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    // MARK: Addenda

    public static func insert(_ a: SessionAddendum, on tx: Transaction) async throws {
        try await tx.sql.raw(
            """
            INSERT INTO session_addenda (id, session_id, text, recorded_by, recorded_at)
            VALUES (\(bind: a.id.uuid), \(bind: a.sessionID.uuid), \(bind: try tx.keys.seal(a.text, Sealed.sessionAddendum, row: a.id.uuid)),
                    \(bind: a.recordedBy.uuid), \(bind: a.recordedAt))
            """
        ).run()
    }

    public static func addenda(of session: Session.ID, on tx: Transaction) async throws -> [SessionAddendum] {
        struct Row: Decodable {
            let id: UUID
            let text: String
            let recordedBy: UUID
            let recordedAt: Date
        }
        let rows: [Row] = try await tx.sql.raw(
            """
            SELECT id, text, recorded_by, recorded_at FROM session_addenda WHERE session_id = \(bind: session.uuid) ORDER BY recorded_at, id
            """
        ).rows(Row.self)
        return try rows.map {
            SessionAddendum(
                id: .init($0.id), sessionID: session, text: try tx.keys.open($0.text, Sealed.sessionAddendum, row: $0.id),
                recordedBy: .init($0.recordedBy), recordedAt: $0.recordedAt)
        }
    }

    // MARK: Tallies for the progress picture

    /// Per completed session of the engagement: markers by kind and voice, takeaways by source, and how the action
    /// steps agreed in it went.
    public static func tallies(of engagement: Engagement.ID, on tx: Transaction) async throws -> [SessionTally] {
        struct SessionRow: Decodable {
            let id: UUID
            let startedAt: Date
            let howFarRating: Int?
        }
        struct MarkerRow: Decodable {
            let sessionId: UUID
            let kind: String
            let namedBy: String
        }
        struct TakeawayRow: Decodable {
            let sessionId: UUID
            let source: String
        }
        struct StepRow: Decodable {
            let sessionId: UUID
            let reviewStatus: String?
        }
        let sql = tx.sql
        let sessions: [SessionRow] = try await sql.raw(
            """
            SELECT id, started_at, how_far_rating FROM sessions WHERE engagement_id = \(bind: engagement.uuid) AND status = 'completed'
            ORDER BY started_at
            """
        ).rows(SessionRow.self)
        var tallies = Dictionary(
            uniqueKeysWithValues: sessions.map { ($0.id, SessionTally(sessionID: .init($0.id), date: $0.startedAt, howFar: $0.howFarRating)) })
        let markers: [MarkerRow] = try await sql.raw(
            """
            SELECT m.session_id, m.kind, m.named_by FROM markers m JOIN sessions s ON s.id = m.session_id
            WHERE s.engagement_id = \(bind: engagement.uuid) AND s.status = 'completed'
            """
        ).rows(MarkerRow.self)
        for m in markers {
            let kind = try MarkerKind.stored(m.kind, table: "markers", column: "kind")
            tallies[m.sessionId]?.markers[kind, default: 0] += 1
            if try Voice.stored(m.namedBy, table: "markers", column: "named_by") == .client { tallies[m.sessionId]?.clientNamedMarkers += 1 }
        }
        let takeaways: [TakeawayRow] = try await sql.raw(
            """
            SELECT t.session_id, t.source FROM takeaways t JOIN sessions s ON s.id = t.session_id
            WHERE s.engagement_id = \(bind: engagement.uuid) AND s.status = 'completed'
            """
        ).rows(TakeawayRow.self)
        for t in takeaways {
            switch try Voice.stored(t.source, table: "takeaways", column: "source") {
            case .client: tallies[t.sessionId]?.clientTakeaways += 1
            case .therapist: tallies[t.sessionId]?.therapistTakeaways += 1
            }
        }
        let steps: [StepRow] = try await sql.raw("SELECT session_id, review_status FROM action_steps WHERE engagement_id = \(bind: engagement.uuid)")
            .rows(StepRow.self)
        for step in steps {
            if let raw = step.reviewStatus {
                let status = try ActionReviewStatus.stored(raw, table: "action_steps", column: "review_status")
                tallies[step.sessionId]?.followThrough[status, default: 0] += 1
            } else {
                tallies[step.sessionId]?.unreviewed += 1
            }
        }
        return tallies.values.sorted { $0.date < $1.date }
    }
}
