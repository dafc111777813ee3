import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("The store, on every backend")
struct StoreTests {
    @Test("Each sealed column is bounded in the database too: a value longer than any sealed text is refused", arguments: Backend.available)
    func sealedBounds(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let id = UUID()
            let fits = "e1:" + String(repeating: "A", count: Migrations.sealedBound(200) - 3)
            try await db.sql.raw(
                """
                INSERT INTO clients (id, practitioner_id, display_name, sort_name, status, created_at, updated_at)
                VALUES (\(bind: id), \(bind: f.amy.id.uuid), \(bind: fits), '', 'active', \(bind: f.now), \(bind: f.now))
                """
            ).run()
            await #expect(throws: (any Error).self, "one character past the bound") {
                try await db.sql.raw("UPDATE clients SET display_name = \(bind: fits + "A") WHERE id = \(bind: id)").run()
            }
            #expect(Migrations.sealedBound(200) >= 6 + (12 + 800 + 16 + 2) / 3 * 4, "200 scalars of 4 bytes, sealed, fit")
        }
    }

    @Test("Migrations are recorded by name and run once", arguments: Backend.available)
    func migrations(backend: Backend) async throws {
        try await backend.withDatabase { db in
            #expect(try await Migrations.applied(in: db) == Migrations.all.map(\.name))
            try await Migrations.apply(to: db, logger: Backend.logger)
            #expect(try await count("schema_migrations", in: db) == Migrations.all.count)
        }
    }

    @Test("Set-up creates the practice and owner once; a second set-up changes nothing", arguments: Backend.available)
    func setUpOnce(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            #expect(try await db.unit { try await PracticeStore.practice(on: $0) }?.name == "Riverside")
            let events = try await count("audit_events", in: db)
            let again = try AccountDraft(name: "Eve", email: "eve@example.org", password: "a calm river at dawn").validated(role: .owner)
            await #expect(throws: TandemError.conflict(code: .alreadySetUp, message: PracticeStore.alreadySetUpMessage)) {
                try await db.unit { try await PracticeStore.setUp(practiceName: "Other", owner: again, passwordHash: "x", at: f.now, on: $0) }
            }
            #expect(try await count("accounts", in: db) == 3, "no owner account was added")
            #expect(try await count("audit_events", in: db) == events, "no audit event was added")
        }
    }

    @Test("A taken email is a field error and leaves no partial write", arguments: Backend.available)
    func duplicateEmail(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let events = try await count("audit_events", in: db)
            let dup = try AccountDraft(name: "Amy Two", email: "AMY@example.org", password: "a calm river at dawn").validated(role: .practitioner)
            await #expect(throws: TandemError.invalid("email", "An account with this email already exists.")) {
                try await db.unit { try await AccountStore.create(dup, practiceID: f.practice.id, passwordHash: "x", at: f.now, on: $0) }
            }
            #expect(try await count("accounts", in: db) == 3)
            #expect(try await count("audit_events", in: db) == events)
        }
    }

    @Test("A failed transaction leaves nothing behind", arguments: Backend.available)
    func rollback(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.raw(
                        """
                        INSERT INTO clients (id, practitioner_id, display_name, sort_name, status, created_at, updated_at)
                        VALUES (\(bind: UUID()), \(bind: f.amy.id.uuid), 'Half', 'half', 'active', \(bind: f.now), \(bind: f.now))
                        """
                    ).run()
                    throw Boom()
                }
            }
            #expect(try await count("clients", in: db) == 0)
        }
    }

    @Test("The schema refuses what the domain refuses", arguments: Backend.available)
    func schemaConstraints(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            await #expect(throws: (any Error).self, "an unknown status") {
                try await db.sql.raw(
                    """
                    INSERT INTO clients (id, practitioner_id, display_name, sort_name, status, created_at, updated_at)
                    VALUES (\(bind: UUID()), \(bind: f.amy.id.uuid), 'X', 'x', 'lost', \(bind: f.now), \(bind: f.now))
                    """
                ).run()
            }
            await #expect(throws: (any Error).self, "a client of nobody") {
                try await db.sql.raw(
                    """
                    INSERT INTO clients (id, practitioner_id, display_name, sort_name, status, created_at, updated_at)
                    VALUES (\(bind: UUID()), \(bind: UUID()), 'X', 'x', 'active', \(bind: f.now), \(bind: f.now))
                    """
                ).run()
            }
            // A name's length is the validator's rule (Core): the column holds ciphertext, longer than the name.
            #expect(try await count("clients", in: db) == 0)
        }
    }

    @Test("Clients: create, find, update, discharge; the gateway writes no audit event of its own", arguments: Backend.available)
    func clientLifecycle(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let details = ClientDetails(
                displayName: "Jordan Avery", email: "j@example.org", phone: nil, dateOfBirth: LocalDate(year: 1990, month: 4, day: 1))
            let client = try await db.unit { try await ClientStore.create(details, practitionerID: f.amy.id, at: f.now, on: $0) }
            let found = try #require(try await db.unit { try await ClientStore.find(client.id, on: $0) })
            #expect(found.client == client)
            #expect(found.practitionerName == "Amy")
            var changed = details
            changed.email = nil
            changed.displayName = "Jordan A."
            try await db.unit { [changed] in
                try await ClientStore.update(client.id, to: changed, status: .discharged, at: f.now.addingTimeInterval(60), on: $0)
            }
            let after = try #require(try await db.unit { try await ClientStore.find(client.id, on: $0) }).client
            #expect(after.displayName == "Jordan A.")
            #expect(after.email == nil)
            #expect(after.status == .discharged)
            #expect(after.updatedAt == f.now.addingTimeInterval(60))
            let events = try await db.unit { try await AuditStore.events(entityType: "client", entityID: client.id.description, on: $0) }
            // Audit events are their use cases' (TandemApp, UseCaseAuditTests): a gateway writes its own table only.
            #expect(events.isEmpty)
        }
    }

    @Test("Client lists: scope, search by word starts through the blind index, status, and pages in name order", arguments: Backend.available)
    func clientLists(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            for name in ["Zoë Adler", "adam Baker", "Ada Lovelace", "Ben's 50% client", "Bea 50 client"] {
                _ = try await db.unit {
                    try await ClientStore.create(
                        .init(displayName: name, email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.amy.id, at: f.now, on: $0)
                }
            }
            _ = try await db.unit {
                try await ClientStore.create(
                    .init(displayName: "Adalbert of Ben", email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.ben.id, at: f.now, on: $0)
            }

            let amys = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: nil, status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(amys.items.map(\.client.displayName) == ["Ada Lovelace", "adam Baker", "Bea 50 client", "Ben's 50% client", "Zoë Adler"])
            #expect(amys.nextCursor == nil)
            let search = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: "ADA", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(search.items.map(\.client.displayName) == ["Ada Lovelace", "adam Baker"])
            let unicode = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: "zOË", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(unicode.items.map(\.client.displayName) == ["Zoë Adler"])
            let percent = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: "50%", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(percent.items.map(\.client.displayName) == ["Bea 50 client", "Ben's 50% client"], "punctuation separates words")
            let middle = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: "velace", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(middle.items.isEmpty, "the blind index finds the starts of words")
            let twoWords = try await db.unit {
                try await ClientStore.list(scope: .practitioner(f.amy.id), search: "lov ad", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(twoWords.items.map(\.client.displayName) == ["Ada Lovelace"], "every word of the search must begin a word of the name")
            let practice = try await db.unit {
                try await ClientStore.list(scope: .practice, search: "ada", status: nil, after: nil, limit: 50, on: $0)
            }
            #expect(practice.items.map(\.client.displayName) == ["Ada Lovelace", "Adalbert of Ben", "adam Baker"])

            var seen: [String] = []
            var cursor: ClientCursor?
            repeat {
                let page = try await db.unit { [cursor] in
                    try await ClientStore.list(scope: .practice, search: nil, status: .active, after: cursor, limit: 2, on: $0)
                }
                #expect(page.items.count <= 2)
                seen += page.items.map(\.client.displayName)
                cursor = page.nextCursor.flatMap { ClientCursor($0.text) }
            } while cursor != nil
            #expect(seen == ["Ada Lovelace", "Adalbert of Ben", "adam Baker", "Bea 50 client", "Ben's 50% client", "Zoë Adler"])
            #expect(ClientCursor("!!not a cursor!!") == nil)
        }
    }

    @Test("Sign-in failures are counted per email and per address, lock at five and twenty, and their rows expire", arguments: Backend.available)
    func throttle(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            func fail(_ value: String, _ kind: SignInThrottle.Kind = .email, at t: Date = t0) async throws -> SignInThrottle {
                try await db.unit { try await SignInThrottleStore.recordFailure(for: value, kind: kind, at: t, on: $0) }
            }
            func state(_ value: String, _ kind: SignInThrottle.Kind = .email, at t: Date = t0) async throws -> SignInThrottle {
                try await db.unit { try await SignInThrottleStore.state(for: value, kind: kind, at: t, on: $0) }
            }
            for _ in 1...4 { _ = try await fail("x@example.org") }
            #expect(try await !state("x@example.org").isLocked(at: t0))
            #expect(try await fail("x@example.org").isLocked(at: t0))
            #expect(try await state("x@example.org", at: t0.addingTimeInterval(60)).isLocked(at: t0.addingTimeInterval(60)))
            #expect(try await state("other@example.org").failures == 0)
            #expect(try await state("x@example.org", .address).failures == 0, "an email and an address of the same text are apart")
            try await db.unit { try await SignInThrottleStore.clear(for: "x@example.org", kind: .email, on: $0) }
            #expect(try await state("x@example.org") == SignInThrottle())
            for n in 1...60 { _ = try await fail("user\(n)@example.org", at: t0.addingTimeInterval(Double(n))) }
            for n in 1...19 { _ = try await fail("192.0.2.7", .address, at: t0.addingTimeInterval(Double(n))) }
            #expect(try await fail("192.0.2.7", .address, at: t0.addingTimeInterval(20)).isLocked(at: t0.addingTimeInterval(20)))
            #expect(try await db.unit { try await SignInThrottleStore.count(on: $0) } == 61)
            // Half an hour on, one more failure sweeps out every count that is over.
            let later = t0.addingTimeInterval(31 * 60)
            #expect(try await fail("late@example.org", at: later).failures == 1)
            #expect(try await db.unit { try await SignInThrottleStore.count(on: $0) } == 1, "only the live count is left")
            #expect(try await state("192.0.2.7", .address, at: later).failures == 0)
        }
    }

    @Test("Web sessions and API tokens are found by digest; a revoked token stops working", arguments: Backend.available)
    func sessionsAndTokens(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            try await db.unit { try await WebSessionStore.create(tokenHash: "abc", for: f.amy.id, at: f.now, on: $0) }
            let found = try await db.unit { try await WebSessionStore.findSignedIn(tokenHash: "abc", on: $0) }
            #expect(found?.session.accountID == f.amy.id)
            #expect(found?.account == f.amy, "the account comes with the session, every field")
            #expect(found?.session.createdAt == f.now)
            try await db.unit { try await WebSessionStore.touch(tokenHash: "abc", at: f.now.addingTimeInterval(100), on: $0) }
            #expect(
                try await db.unit { try await WebSessionStore.findSignedIn(tokenHash: "abc", on: $0) }?.session.lastSeenAt
                    == f.now.addingTimeInterval(100))
            #expect(try await db.unit { try await WebSessionStore.findSignedIn(tokenHash: "abd", on: $0) } == nil)
            try await db.unit { try await WebSessionStore.deleteIdle(since: f.now.addingTimeInterval(101), on: $0) }
            #expect(try await db.unit { try await WebSessionStore.findSignedIn(tokenHash: "abc", on: $0) } == nil)
            let token = try await db.unit {
                try await TokenStore.create(name: "script", tokenHash: "digest1", for: f.amy.id, at: f.now, expiresAt: nil, on: $0)
            }
            #expect(try await db.unit { try await TokenStore.live(tokenHash: "digest1", at: f.now, on: $0)?.account } == f.amy)
            #expect(try await db.unit { try await TokenStore.live(tokenHash: "nope", at: f.now, on: $0)?.account } == nil)
            let day = f.now.addingTimeInterval(86_400)
            _ = try await db.unit {
                try await TokenStore.create(name: "short", tokenHash: "digest2", for: f.amy.id, at: f.now, expiresAt: day, on: $0)
            }
            #expect(try await db.unit { try await TokenStore.live(tokenHash: "digest2", at: day.addingTimeInterval(-1), on: $0)?.account } == f.amy)
            #expect(try await db.unit { try await TokenStore.live(tokenHash: "digest2", at: day, on: $0) } == nil, "expired at its time")
            #expect(
                try await !db.unit { try await TokenStore.revoke(token.id, of: f.ben.id, at: f.now, on: $0) }, "only the owner of a token revokes it")
            #expect(try await db.unit { try await TokenStore.revoke(token.id, of: f.amy.id, at: f.now, on: $0) })
            #expect(try await db.unit { try await TokenStore.live(tokenHash: "digest1", at: f.now, on: $0)?.account } == nil)
            #expect(try await db.unit { try await TokenStore.tokens(of: f.amy.id, on: $0) }.first { $0.name == "script" }?.revokedAt == f.now)
        }
    }

    @Test("The audit log pages newest first by sequence", arguments: Backend.available)
    func auditPages(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            for i in 0..<5 {
                try await db.unit {
                    try await AuditStore.append(
                        AuditEvent(at: f.now.addingTimeInterval(Double(i)), actorID: f.amy.id, action: .clientListed, detail: "\(i)"), on: $0)
                }
            }
            let first = try await db.unit { try await AuditStore.page(before: nil, limit: 3, on: $0) }
            #expect(first.map(\.event.detail) == ["4", "3", "2"])
            #expect(first.first?.actorName == "Amy")
            let second = try await db.unit { try await AuditStore.page(before: first.last!.sequence, limit: 3, on: $0) }
            #expect(second.map(\.event.detail).prefix(2) == ["1", "0"])
        }
    }

    @Test("A secret is made once and shared", arguments: Backend.available)
    func secrets(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let a = try await db.unit { try await PracticeStore.secret(named: "csrf", on: $0) }
            let b = try await db.unit { try await PracticeStore.secret(named: "csrf", on: $0) }
            #expect(a == b)
            #expect(a.count == 32)
            #expect(try await db.unit { try await PracticeStore.secret(named: "other", on: $0) } != a)
        }
    }

    @Test("The audit log is append-only in the database: an UPDATE or DELETE of an event is refused", arguments: Backend.available)
    func auditAppendOnly(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let f = try await Fixture.make(db)
            let event = AuditEvent(at: f.now, actorID: f.amy.id, action: .signIn)
            try await db.unit { try await AuditStore.append(event, on: $0) }
            await #expect(throws: (any Error).self, "an UPDATE") {
                try await db.sql.raw("UPDATE audit_events SET action = 'sign-out' WHERE id = \(bind: event.id.uuid)").run()
            }
            await #expect(throws: (any Error).self, "a DELETE") {
                try await db.sql.raw("DELETE FROM audit_events WHERE id = \(bind: event.id.uuid)").run()
            }
            let after = try await db.unit { try await AuditStore.page(before: nil, limit: 10, on: $0) }
            #expect(after.contains { $0.event.id == event.id && $0.event.action == .signIn }, "the event is as it was")
        }
    }
}
