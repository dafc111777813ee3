import Foundation
import SQLKit
import Synchronization
import TandemCore

/// The audit log as a chain: each event's MAC (HMAC-SHA256 under the audit key, which only the key-encryption key
/// unwraps) covers its own content and the MAC of the event before it, so changing, removing or reordering an event
/// breaks every MAC from there on. Appends take their turn (SQLite has one writer; PostgreSQL takes a transaction
/// lock), so the chain's order is the order of `seq`.
public enum AuditChain {
    /// The stored instant, to the millisecond: SQLite keeps a double and PostgreSQL microseconds, and both read a
    /// whole millisecond back as the same number.
    static func stored(_ at: Date) -> Date { Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000) }

    /// The bytes a MAC covers: every field of the event, length-prefixed, so no two events share them.
    static func canonical(
        id: UUID, at: Date, actor: UUID?, action: String, entityType: String?, entityID: String?, outcome: String, detail: String?
    ) -> Data {
        let fields: [String?] = [
            id.uuidString, String(Int64((at.timeIntervalSince1970 * 1000).rounded())), actor?.uuidString, action, entityType, entityID, outcome,
            detail,
        ]
        var text = "tandem-audit-v1"
        for field in fields {
            if let field { text += "|\(field.utf8.count):\(field)" } else { text += "|-" }
        }
        return Data(text.utf8)
    }

    /// An event as stored, with what its MAC covers (`mac` is nil for events that predate the chain, and in reads
    /// that do not select it).
    struct StoredEvent: Decodable {
        let seq: Int64
        let id: UUID
        let at: Date
        let actorId: UUID?
        let action: String
        let entityType: String?
        let entityId: String?
        let outcome: String
        let detail: String?
        let mac: String?

        var canonical: Data {
            AuditChain.canonical(
                id: self.id, at: self.at, actor: self.actorId, action: self.action, entityType: self.entityType, entityID: self.entityId,
                outcome: self.outcome, detail: self.detail)
        }
    }

    /// Takes the chain's turn, once per transaction: PostgreSQL's advisory lock, held until the transaction ends
    /// (SQLite's transactions already write one at a time).
    static func takeTurn(on tx: Transaction) async throws {
        guard tx.dialect == .postgres, tx.chain.takeTurn() else { return }
        try await tx.run("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(Self.lockKey)))")
    }

    /// The MAC of the newest event (after `takeTurn`): the one this transaction wrote last, or the table's.
    static func head(on tx: Transaction) async throws -> String? {
        if let known = tx.chain.head() { return known }
        struct Row: Decodable { let mac: String? }
        let row: Row? = try await tx.sql.raw("SELECT mac FROM audit_events ORDER BY seq DESC LIMIT 1").row(Row.self)
        return row?.mac ?? nil
    }

    /// PostgreSQL's advisory lock of the chain: one number, the same in every instance.
    static let lockKey: Int64 = 0x7461_6e64_656d

    // MARK: Verifying

    /// What a walk of the chain found.
    public struct Verification: Sendable, Equatable {
        public let checked: Int
        public let lastSequence: Int64?
        /// The first problem, naming the event; nil if the chain is whole.
        public let problem: String?
        public let verifiedAt: Date

        public var intact: Bool { self.problem == nil }

        public init(checked: Int, lastSequence: Int64?, problem: String?, verifiedAt: Date) {
            self.checked = checked
            self.lastSequence = lastSequence
            self.problem = problem
            self.verifiedAt = verifiedAt
        }
    }

    /// Walks every event in order, recomputing each MAC, and checks that the newest event of the last verification
    /// is still there unchanged (the end of the chain removed). Records the result.
    static func verify(_ database: TandemDatabase, keyring: Keyring, now: Date) async throws -> Verification {
        var previous: String?
        var checked = 0
        var after = Int64.min
        var problem: String?
        var macs: [Int64: String] = [:]
        let last = try await Self.lastVerification(database)
        walk: while true {
            let events: [StoredEvent] = try await database.sql.raw(
                """
                SELECT seq, id, at, actor_id, action, entity_type, entity_id, outcome, detail, mac FROM audit_events
                WHERE seq > \(bind: after) ORDER BY seq LIMIT 5000
                """
            ).rows(StoredEvent.self)
            guard let final = events.last else { break }
            for event in events {
                let expected = keyring.auditMAC(event.canonical, previous: previous)
                guard let mac = event.mac, ConstantTime.equal(mac, expected) else {
                    problem =
                        "audit event \(event.seq) (\(event.id)) does not match its MAC: it was changed, or an event before it was removed or moved"
                    break walk
                }
                if let last, last.seq == event.seq { macs[event.seq] = mac }
                previous = mac
                checked += 1
            }
            after = final.seq
        }
        if problem == nil, let last, let lastMAC = last.mac {
            if macs[last.seq] != lastMAC {
                problem = "audit event \(last.seq), the newest when the chain was last verified, is gone or changed: events were removed from its end"
            }
        }
        let verification = Verification(
            checked: checked, lastSequence: problem == nil && checked > 0 ? after : nil, problem: problem, verifiedAt: now)
        let head = problem == nil ? previous : nil
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO audit_verifications (verified_at, checked, last_seq, last_mac, problem)
                VALUES (\(bind: now), \(bind: verification.checked), \(bind: verification.lastSequence), \(bind: head), \(bind: verification.problem))
                """
            ).run()
        }
        return verification
    }

    private struct Last: Decodable {
        let seq: Int64
        let mac: String?
    }

    /// The newest event of the last verification that found the chain whole.
    private static func lastVerification(_ database: TandemDatabase) async throws -> Last? {
        struct Row: Decodable {
            let lastSeq: Int64?
            let lastMac: String?
        }
        let row: Row? = try await database.sql.raw(
            "SELECT last_seq, last_mac FROM audit_verifications WHERE problem IS NULL AND last_seq IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).row(Row.self)
        guard let row, let seq = row.lastSeq else { return nil }
        return Last(seq: seq, mac: row.lastMac)
    }

    /// The state the owner's audit page shows: the last verification, whatever it found.
    public static func lastResult(on tx: Transaction) async throws -> Verification? {
        struct Row: Decodable {
            let verifiedAt: Date
            let checked: Int
            let lastSeq: Int64?
            let problem: String?
        }
        let row: Row? = try await tx.sql.raw(
            "SELECT verified_at, checked, last_seq, problem FROM audit_verifications ORDER BY id DESC LIMIT 1"
        ).row(Row.self)
        return row.map { Verification(checked: $0.checked, lastSequence: $0.lastSeq, problem: $0.problem, verifiedAt: $0.verifiedAt) }
    }

    /// Chains the events that predate the chain (an installation from before it), oldest first, in batches.
    static func backfill(_ database: TandemDatabase, keyring: Keyring) async throws {
        let dialect = database.dialect
        while true {
            let more = try await database.transaction { db -> Bool in
                let events: [StoredEvent] = try await db.raw(
                    """
                    SELECT seq, id, at, actor_id, action, entity_type, entity_id, outcome, detail, mac FROM audit_events
                    WHERE mac IS NULL ORDER BY seq LIMIT 2000
                    """
                ).all(decoding: StoredEvent.self, with: snakeCaseRows)
                guard let first = events.first else { return false }
                struct Head: Decodable { let mac: String? }
                var previous = try await db.raw("SELECT mac FROM audit_events WHERE seq < \(bind: first.seq) ORDER BY seq DESC LIMIT 1").first(
                    decoding: Head.self, with: snakeCaseRows)?.mac
                try await dialect.allowingChanges(on: "audit_events", in: db) {
                    for event in events {
                        let mac = keyring.auditMAC(event.canonical, previous: previous)
                        try await db.raw("UPDATE audit_events SET mac = \(bind: mac) WHERE seq = \(bind: event.seq)").run()
                        previous = mac
                    }
                }
                return events.count == 2000
            }
            if !more { break }
        }
    }
}

/// The chain's head as one transaction knows it: after its first append, the MAC it wrote last.
final class ChainCursor: Sendable {
    /// nil until the transaction first appends; then the MAC it wrote last. And whether it has taken its turn.
    private let state = Mutex<(head: String??, turn: Bool)>((nil, false))
    func head() -> String?? { self.state.withLock { $0.head } }
    func moved(to mac: String) { self.state.withLock { $0.head = .some(mac) } }
    /// True the first time: the caller takes the turn.
    func takeTurn() -> Bool {
        self.state.withLock { state in
            defer { state.turn = true }
            return !state.turn
        }
    }
}

/// The MAC this process appended last, kept between transactions: a guess at the chain's head that each append
/// checks in its own statement (another process may have appended since).
final class RecentHead: Sendable {
    private let state = Mutex<String??>(nil)
    func value() -> String?? { self.state.withLock { $0 } }
    func set(_ mac: String) { self.state.withLock { $0 = .some(mac) } }
}
