import Foundation
import SQLKit
import TandemCore

/// A realistic, clearly fictional practice for demonstrations and benchmarks: practitioners, clients, screened
/// therapy engagements, weekly sessions with phases, agreements, markers, takeaways and action steps, and PHQ-9
/// scores that drift over time. Deterministic for a seed. Written in large batches, one transaction per client group.
public struct DemoData: Sendable {
    public struct Plan: Sendable {
        public let practitioners: Int
        public let clientsPerPractitioner: Int
        public let sessionsPerClient: Int
        public let seed: UInt64
        /// The first practitioner's first client has this many sessions instead, when it is more (a long engagement
        /// for the progress page); 0 for none.
        public let longEngagement: Int

        public init(practitioners: Int, clientsPerPractitioner: Int, sessionsPerClient: Int, seed: UInt64, longEngagement: Int = 0) {
            self.practitioners = practitioners
            self.clientsPerPractitioner = clientsPerPractitioner
            self.sessionsPerClient = sessionsPerClient
            self.seed = seed
            self.longEngagement = longEngagement
        }

        /// Sessions of client `c` of practitioner `p`.
        public func sessions(practitioner p: Int, client c: Int) -> Int {
            p == 0 && c == 0 ? max(self.sessionsPerClient, self.longEngagement) : self.sessionsPerClient
        }

        public var sessions: Int {
            self.practitioners * self.clientsPerPractitioner * self.sessionsPerClient + self.sessions(practitioner: 0, client: 0)
                - self.sessionsPerClient
        }
    }

    /// SplitMix64: small, fast and the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(self.next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[self.int(0...(items.count - 1))] }
        mutating func chance(_ p: Double) -> Bool { Double(self.next() % 10_000) / 10_000 < p }
        mutating func uuid() -> UUID {
            let a = self.next()
            let b = self.next()
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<8 {
                bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i))
                bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i))
            }
            bytes[6] = (bytes[6] & 0x0F) | 0x40
            bytes[8] = (bytes[8] & 0x3F) | 0x80
            return UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11],
                    bytes[12], bytes[13], bytes[14], bytes[15]
                ))
        }
    }

    static let firstNames = [
        "Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Gray", "Harper", "Indy", "Jules", "Kai", "Lane", "Morgan", "Noel", "Oakley", "Parker",
        "Quinn", "Reese", "Sage", "Tatum", "Umi", "Vale", "Wren", "Xen", "Yael", "Zion",
    ]
    static let lastNames = ["Example", "Sample", "Fictional", "Testwood", "Demo", "Placeholder", "Mockridge", "Imaginary", "Madeup", "Pretendale"]
    static let goals = [
        "Sleep through the night", "Say no without guilt", "Go back to work part-time", "Worry less about money", "Reconnect with an old friend",
        "Exercise twice a week",
    ]
    static let wants = [
        "I want to stop dreading Mondays", "Talk about my sister", "Figure out what to say to my boss", "Why I keep putting things off",
        "How last week went",
    ]
    static let takeaways = [
        "I can rest without earning it", "Small steps count", "I am allowed to ask for help", "My worry is not a plan", "I did more than I thought",
    ]
    static let steps = [
        "Phone off at ten", "Walk twice this week", "Write three lines each evening", "Call my sister on Sunday", "Say no once, kindly",
    ]

    let database: TandemDatabase

    public init(_ database: TandemDatabase) { self.database = database }

    /// Rows waiting to be written, per table, flushed in multi-row INSERTs.
    final class Batch: @unchecked Sendable {
        var rows: [String: (columns: [String], values: [[any Encodable & Sendable]])] = [:]

        func add(_ table: String, _ columns: [String], _ values: [any Encodable & Sendable]) {
            self.rows[table, default: (columns, [])].values.append(values)
        }

        /// Every table's rows, in the order foreign keys need.
        func flush(_ db: any SQLDatabase, dialect: Dialect, order: [String]) async throws {
            for setting in dialect.bulkLoadSettings { try await db.raw("\(unsafeRaw: setting)").run() }
            for table in order {
                guard let (columns, values) = self.rows[table], !values.isEmpty else { continue }
                // Stay well under SQLite's limit of 32,766 bound values per statement.
                let perStatement = max(1, 30_000 / columns.count)
                var start = 0
                while start < values.count {
                    let chunk = values[start..<min(values.count, start + perStatement)]
                    var query = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
                    for (i, row) in chunk.enumerated() {
                        query.appendLiteral(i == 0 ? "(" : ", (")
                        query.appendInterpolation(binds: row)
                        query.appendLiteral(")")
                    }
                    try await db.raw(query).run()
                    start += perStatement
                }
            }
            self.rows = [:]
        }
    }

    static let order = [
        "accounts", "clients", "client_name_index", "relationships", "engagements", "consents", "screenings", "sessions", "session_phases", "markers",
        "takeaways", "action_steps",
        "administrations",
    ]

    /// Generates the practice's data; `progress` is told how many sessions are written so far.
    public func generate(_ plan: Plan, practiceID: Practice.ID, passwordHash: String, now: Date, progress: @Sendable (Int) -> Void) async throws -> (
        practitioners: [String], sessions: Int
    ) {
        var random = Random(state: plan.seed)
        let keys = try self.database.keyring()
        var emails: [String] = []
        var written = 0
        let week: TimeInterval = 7 * 24 * 3600
        let earliest = now.addingTimeInterval(-Double(plan.sessions(practitioner: 0, client: 0)) * week)
        for p in 0..<plan.practitioners {
            let batch = Batch()
            let practitioner = random.uuid()
            let email = "demo.practitioner\(p + 1)@example.org"
            emails.append(email)
            batch.add(
                "accounts",
                ["id", "practice_id", "name", "email", "password_hash", "role", "licence", "coaching_credential", "created_at", "updated_at"],
                [
                    practitioner, practiceID.uuid, "\(random.pick(Self.firstNames)) \(random.pick(Self.lastNames)) (demo)", email, passwordHash,
                    "practitioner",
                    "LCSW \(10_000 + p), Fictional State", p % 2 == 0 ? "ICF PCC" : nil as String?, earliest, earliest,
                ])
            try await self.database.transaction { [dialect = self.database.dialect] db in
                try await batch.flush(db, dialect: dialect, order: Self.order)
            }
            for c in 0..<plan.clientsPerPractitioner {
                let client = random.uuid()
                let engagement = random.uuid()
                let count = plan.sessions(practitioner: p, client: c)
                let start = now.addingTimeInterval(-Double(count) * week)
                let name = "\(random.pick(Self.firstNames)) \(random.pick(Self.lastNames)) \(p + 1)-\(c + 1)"
                batch.add(
                    "clients", ["id", "practitioner_id", "display_name", "sort_name", "status", "created_at", "updated_at"],
                    [
                        client, practitioner, try keys.seal(name, Sealed.clientName, row: client), "", "active", start, start,
                    ])
                for token in keys.nameTokens(name).sorted() { batch.add("client_name_index", ["token", "client_id"], [token, client]) }
                batch.add("relationships", ["practitioner_id", "client_id", "role", "created_at"], [practitioner, client, "therapy", start])
                let goals = String(decoding: try JSONEncoder().encode([random.pick(Self.goals), random.pick(Self.goals)]), as: UTF8.self)
                batch.add(
                    "engagements",
                    [
                        "id", "client_id", "practitioner_id", "role", "status", "start_date", "planned_sessions", "review_date", "goals",
                        "needs_review", "created_at", "consent_version", "consent_method", "consent_at",
                    ],
                    [
                        engagement, client, practitioner, "therapy", "open", LocalDate(start).description, min(52, max(count, 1)),
                        LocalDate(now.addingTimeInterval(4 * week)).description, try keys.seal(goals, Sealed.goals, row: engagement), false, start,
                        1, "inRoom", start,
                    ])
                let consent = random.uuid()
                batch.add(
                    "consents", ["id", "engagement_id", "text_version", "method", "agreed_on", "recorded_by", "recorded_at"],
                    [consent, engagement, 1, "inRoom", LocalDate(start).description, practitioner, start])
                let screening = random.uuid()
                batch.add(
                    "screenings",
                    [
                        "id", "engagement_id", "stability", "functioning", "follow_through", "readiness", "importance", "confidence",
                        "directive_preference", "safety_flags", "computed_result", "reasons", "safety_flagged", "screened_by", "screened_at",
                    ],
                    [
                        screening, engagement, "yes", "yes", "yes", "action", random.int(6...10), random.int(4...9), "yes",
                        try keys.seal("", Sealed.safetyFlags, row: screening), "coachable",
                        try keys.seal(
                            "[\"Stable, functioning day to day, and able to act between sessions.\"]", Sealed.screeningReasons, row: screening),
                        false, practitioner, start,
                    ])
                var phq = random.int(12...22)
                for k in 0..<count {
                    let session = random.uuid()
                    let at = start.addingTimeInterval(Double(k) * week + Double(random.int(9...17)) * 3600)
                    let last = k == count - 1
                    let status = last ? "scheduled" : "completed"
                    let started: Date? = last ? nil : at
                    let ended: Date? = last ? nil : at.addingTimeInterval(50 * 60)
                    let words: String? = last ? nil : random.pick(Self.wants)
                    batch.add(
                        "sessions",
                        [
                            "id", "engagement_id", "scheduled_at", "length_minutes", "plan_opening", "plan_work", "plan_closing", "status",
                            "started_at", "ended_at", "agreement_client_words", "agreement_focus", "agreement_at", "created_at",
                        ],
                        [
                            session, engagement, last ? now.addingTimeInterval(Double(random.int(1...6)) * 86_400) : at, 50, 10, 30, 10, status,
                            started, ended,
                            try keys.seal(words, Sealed.agreementWords, row: session),
                            try keys.seal(last ? nil : "This week", Sealed.agreementFocus, row: session), last ? nil : at.addingTimeInterval(300),
                            start,
                        ])
                    if !last {
                        for (phase, offset) in [("opening", 0.0), ("work", 600.0), ("closing", 2400.0)] {
                            batch.add("session_phases", ["session_id", "phase", "began_at"], [session, phase, at.addingTimeInterval(offset)])
                        }
                        for _ in 0..<random.int(0...4) {
                            batch.add(
                                "markers", ["id", "session_id", "kind", "at_seconds", "named_by", "highlighted", "recorded_at"],
                                [
                                    random.uuid(), session, random.pick(MarkerKind.allCases).rawValue, random.int(600...2400),
                                    random.chance(0.3 + 0.4 * Double(k) / Double(count)) ? "client" : "therapist", random.chance(0.5), at,
                                ])
                        }
                        for t in 0..<random.int(1...2) {
                            let client = random.chance(0.4 + 0.5 * Double(k) / Double(count))
                            let takeaway = random.uuid()
                            batch.add(
                                "takeaways", ["id", "session_id", "text", "source", "permission_asked", "at_seconds", "recorded_at"],
                                [
                                    takeaway, session, try keys.seal(random.pick(Self.takeaways), Sealed.takeawayText, row: takeaway),
                                    client ? "client" : "therapist", !client, 2500 + t,
                                    at.addingTimeInterval(Double(2500 + t)),
                                ])
                        }
                        let step = random.uuid()
                        let reviewed = k < count - 2
                        batch.add(
                            "action_steps", ["id", "engagement_id", "session_id", "text", "created_at", "review_status", "reviewed_at"],
                            [
                                step, engagement, session, try keys.seal(random.pick(Self.steps), Sealed.stepText, row: step), at,
                                reviewed ? random.pick(ActionReviewStatus.allCases).rawValue : nil as String?,
                                reviewed ? at.addingTimeInterval(week) : nil as Date?,
                            ])
                        if k % 2 == 0 {
                            phq = max(0, min(27, phq + random.int(-3...1)))
                            var answers = [Int](repeating: 0, count: 9)
                            var left = phq
                            for i in 0..<8 where left > 0 {
                                let v = min(3, left)
                                answers[i] = v
                                left -= v
                            }
                            phq -= left
                            let band = phq <= 4 ? "Minimal" : phq <= 9 ? "Mild" : phq <= 14 ? "Moderate" : phq <= 19 ? "Moderately severe" : "Severe"
                            let administration = random.uuid()
                            batch.add(
                                "administrations",
                                [
                                    "id", "engagement_id", "instrument_id", "answers", "total", "band", "risk_flags", "respondent", "administered_at",
                                    "recorded_by", "recorded_at",
                                ],
                                [
                                    administration, engagement, "phq9",
                                    try keys.seal("[\(answers.map(String.init).joined(separator: ","))]", Sealed.answers, row: administration), phq,
                                    try keys.seal(band, Sealed.band, row: administration), try keys.seal("", Sealed.riskFlags, row: administration),
                                    "inSession", at, practitioner, at,
                                ])
                        }
                    }
                    written += 1
                }
                if (c + 1) % 25 == 0 || c == plan.clientsPerPractitioner - 1 {
                    try await self.database.transaction { [dialect = self.database.dialect] db in
                        try await batch.flush(db, dialect: dialect, order: Self.order)
                    }
                    progress(written)
                }
            }
        }
        let event = AuditEvent(at: now, actorID: nil, action: .demoGenerated, detail: "\(written) sessions, seed \(plan.seed)")
        try await self.database.unit { tx in try await AuditStore.append(event, on: tx) }
        return (emails, written)
    }

    /// Appends `count` chained audit events (reads of sessions by no one in particular, a second apart, ending at
    /// `now`), a thousand to a transaction: a long audit history, for timing `tandem audit verify` and the audit page.
    public func appendAuditHistory(count: Int, now: Date) async throws {
        var written = 0
        while written < count {
            let batch = min(1000, count - written)
            let first = written
            try await self.database.unit { tx in
                for i in first..<(first + batch) {
                    let event = AuditEvent(
                        at: now.addingTimeInterval(Double(i - count)), actorID: nil, action: .sessionViewed, entityType: "session",
                        entityID: UUID().uuidString.lowercased(), detail: "demo")
                    try await AuditStore.append(event, on: tx)
                }
            }
            written += batch
        }
    }
}
