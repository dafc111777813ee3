import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("Engagements, screenings, boundary records and alerts in the database")
struct EngagementStoreTests {
    static let contract = EngagementContract(
        startDate: LocalDate(year: 2026, month: 11, day: 2)!, plannedSessions: 12, reviewDate: LocalDate(year: 2027, month: 1, day: 25)!,
        goals: ["Sleep again"]
    )

    /// Amy's client, and Ben with a coaching credential.
    /// A screening as the use case writes it: the row, and the pause lifted (the gateways on one transaction).
    static func screen(_ answers: ScreeningAnswers, _ engagement: Engagement.ID, by actor: Account.ID, at now: Date, on db: TandemDatabase)
        async throws -> Screening
    {
        let screening = Screening(
            id: .init(), engagementID: engagement, answers: answers, outcome: Coachability.assess(answers), override: nil, screenedBy: actor,
            screenedAt: now
        )
        try await db.unit { tx in
            try await ScreeningStore.insert(screening, on: tx)
            try await EngagementStore.liftPause(engagement, on: tx)
        }
        return screening
    }

    static func people(_ db: TandemDatabase) async throws -> (Fixture, Client, Account) {
        let f = try await Fixture.make(db)
        let client = try await db.unit {
            try await ClientStore.create(
                ClientDetails(displayName: "Jordan Avery", email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.amy.id, at: f.now, on: $0)
        }
        try await db.unit {
            try await AccountStore.updateProfile(
                of: f.ben.id, to: try ProfileDraft(licence: "LPC", ethicsCode: "ACA", coachingCredential: "ICF PCC").validated(), at: f.now, on: $0)
        }
        let ben = try #require(try await db.unit { try await AccountStore.find(f.ben.id, on: $0) })
        return (f, client, ben)
    }

    @Test("Role separation holds in the store: same role again after closing, never the other; a colleague may take it", arguments: Backend.available)
    func roleSeparation(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, client, ben) = try await Self.people(db)
            let first = try await db.unit {
                try await EngagementStore.open(client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now, on: $0)
            }
            await #expect(
                throws: TandemError.conflict(
                    code: .engagementOpen, message: "This client already has an open therapy engagement with Amy. Close it before opening another.")
            ) {
                _ = try await db.unit {
                    try await EngagementStore.open(client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now, on: $0)
                }
            }
            try await db.unit { tx in try await EngagementStore.close(first.id, at: f.now.addingTimeInterval(86_400), on: tx) }
            var amyCoach = f.amy
            amyCoach.coachingCredential = "ICF ACC"
            do {
                _ = try await db.unit { [amyCoach] in
                    try await EngagementStore.open(
                        client: client.id, practitioner: amyCoach, role: .coaching, contract: Self.contract,
                        at: f.now.addingTimeInterval(400 * 86_400), on: $0)
                }
                Issue.record("the other role was opened after a break")
            } catch TandemError.conflict(let code, let message) {
                #expect(code == .roleSeparation)
                #expect(message.hasPrefix("Amy was this client's therapist"))
            }
            let again = try await db.unit {
                try await EngagementStore.open(
                    client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now.addingTimeInterval(2 * 86_400), on: $0)
            }
            let coaching = try await db.unit {
                try await EngagementStore.open(client: client.id, practitioner: ben, role: .coaching, contract: Self.contract, at: f.now, on: $0)
            }
            let list = try await db.unit { try await EngagementStore.forClient(client.id, on: $0) }
            #expect(Set(list.map(\.engagement.id)) == [first.id, again.id, coaching.id])
            #expect(try #require(try await db.unit { try await EngagementStore.find(first.id, on: $0) }).engagement.status == .closed)
            #expect(try await count("relationships", in: db) == 2)
        }
    }

    @Test("The schema itself refuses a second role, however the row is written", arguments: Backend.available)
    func schemaRefusesSecondRole(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, client, _) = try await Self.people(db)
            _ = try await db.unit {
                try await EngagementStore.open(client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now, on: $0)
            }
            await #expect(throws: (any Error).self, "a coaching engagement beside the therapy relationship") {
                try await db.sql.raw(
                    """
                    INSERT INTO engagements (id, client_id, practitioner_id, role, status, start_date, planned_sessions, review_date, goals, needs_review, created_at)
                    VALUES (\(bind: UUID()), \(bind: client.id.uuid), \(bind: f.amy.id.uuid), 'coaching', 'open', '2026-11-02', 12, '2027-01-25', '[]', \(bind: false), \(bind: f.now))
                    """
                ).run()
            }
            await #expect(throws: (any Error).self, "a second relationship row for the pair") {
                try await db.sql.raw(
                    """
                    INSERT INTO relationships (practitioner_id, client_id, role, created_at) VALUES (\(bind: f.amy.id.uuid), \(bind: client.id.uuid), 'coaching', \(bind: f.now))
                    """
                ).run()
            }
            await #expect(throws: (any Error).self, "turning the relationship into the other role") {
                try await db.sql.raw("UPDATE relationships SET role = 'coaching' WHERE client_id = \(bind: client.id.uuid)").run()
            }
            #expect(try await count("engagements", in: db) == 1)
        }
    }

    @Test("Screenings are kept newest first; a screening lifts a pause; an override is stored once", arguments: Backend.available)
    func screenings(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, client, _) = try await Self.people(db)
            let engagement = try await db.unit {
                try await EngagementStore.open(client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now, on: $0)
            }
            var answers = ScreeningAnswers(
                stability: .yes, functioning: .partly, followThrough: .yes, readiness: .action, importance: 9, confidence: 4,
                directivePreference: .yes,
                safetyFlags: []
            )
            let care = try await Self.screen(answers, engagement.id, by: f.amy.id, at: f.now, on: db)
            try await db.unit { tx in try await EngagementStore.pause(engagement.id, reason: "Risk signal.", at: f.now.addingTimeInterval(60), on: tx)
            }
            #expect(
                try #require(try await db.unit { try await EngagementStore.find(engagement.id, on: $0) }).engagement.pause?.reason == "Risk signal.")
            answers.safetyFlags = [.crisis, .acuteRisk]
            let flagged = try await Self.screen(answers, engagement.id, by: f.amy.id, at: f.now.addingTimeInterval(120), on: db)
            #expect(
                try #require(try await db.unit { try await EngagementStore.find(engagement.id, on: $0) }).engagement.pause == nil,
                "a new screening lifts the pause")
            let history = try await db.unit { try await ScreeningStore.history(of: engagement.id, on: $0) }
            #expect(history.map(\.id) == [flagged.id, care.id])
            #expect(history[0].answers.safetyFlags == [.crisis, .acuteRisk])
            #expect(history[0].outcome == Coachability.assess(answers), "stored reasons and result read back as computed")
            #expect(try await db.unit { try await ScreeningStore.latestWithSessionsSince(of: engagement.id, on: $0) }?.screening.id == flagged.id)

            let reason = "Follows through on small, concrete steps."
            try await db.unit { tx in
                try await ScreeningStore.override(
                    care.id, with: ScreeningOverride(result: .coachable, reason: reason, by: f.amy.id, at: f.now), on: tx)
            }
            try await db.unit { tx in
                try await ScreeningStore.override(care.id, with: ScreeningOverride(result: .notNow, reason: reason, by: f.amy.id, at: f.now), on: tx)
            }
            let overridden = try #require(try await db.unit { try await ScreeningStore.find(care.id, on: $0) })
            #expect(overridden.result == .coachable, "the second override changed nothing")
            await #expect(throws: (any Error).self, "the schema refuses an override of a computed notNow") {
                try await db.sql.raw(
                    "UPDATE screenings SET override_result = 'coachable', override_reason = \(bind: reason) WHERE id = \(bind: flagged.id.uuid)"
                ).run()
            }
        }
    }

    @Test(
        "Boundary records cannot be changed or deleted; addenda keep the original; an incident flags the engagement and alerts the owner",
        arguments: Backend.available)
    func boundaries(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, client, _) = try await Self.people(db)
            let engagement = try await db.unit {
                try await EngagementStore.open(client: client.id, practitioner: f.amy, role: .therapy, contract: Self.contract, at: f.now, on: $0)
            }
            let crossing = BoundaryCrossing(
                id: .init(), engagementID: engagement.id, date: LocalDate(year: 2026, month: 11, day: 20)!, kind: .gift,
                rationale: "A small card at the last session; refusing it would shame.", clientResponse: "Pleased.", consultationSought: false,
                recordedBy: f.amy.id, recordedAt: f.now
            )
            try await db.unit { tx in try await BoundaryStore.insert(crossing, on: tx) }
            await #expect(throws: (any Error).self, "an UPDATE") {
                try await db.sql.raw("UPDATE boundary_crossings SET rationale = 'changed, long enough to pass' WHERE id = \(bind: crossing.id.uuid)")
                    .run()
            }
            await #expect(throws: (any Error).self, "a DELETE") {
                try await db.sql.raw("DELETE FROM boundary_crossings WHERE id = \(bind: crossing.id.uuid)").run()
            }
            let addendum = BoundaryAddendum(
                id: .init(), text: "The card held a gift voucher; returned it.", recordedBy: f.amy.id, recordedAt: f.now.addingTimeInterval(60))
            try await db.unit { tx in try await BoundaryStore.insert(addendum, to: .crossing(crossing.id), on: tx) }
            #expect(try await db.unit { try await BoundaryStore.crossings(of: engagement.id, on: $0) } == [crossing], "the original is unchanged")
            #expect(try await db.unit { try await BoundaryStore.addenda(of: engagement.id, on: $0) }[crossing.id.uuid] == [addendum])
            await #expect(throws: (any Error).self, "an addendum is permanent too") {
                try await db.sql.raw("DELETE FROM boundary_addenda WHERE id = \(bind: addendum.id.uuid)").run()
            }

            #expect(try await db.unit { try await AlertStore.open(for: f.owner.id, on: $0) }.isEmpty)
            let incident = BoundaryIncident(
                id: .init(), engagementID: engagement.id, date: LocalDate(year: 2026, month: 11, day: 21)!, kind: .financialExploitation,
                description: "Borrowed money from the client.", recordedBy: f.amy.id, recordedAt: f.now.addingTimeInterval(120)
            )
            // What the incident use case (TandemApp.Boundaries) writes on its transaction, gateway by gateway.
            try await db.unit { tx in
                try await BoundaryStore.insert(incident, on: tx)
                try await EngagementStore.markForReview(engagement.id, on: tx)
                for owner in try await AccountStore.owners(on: tx) {
                    try await AlertStore.insert(
                        Alert(
                            id: .init(), recipientID: owner.id, kind: .boundaryIncident, engagementID: engagement.id, createdAt: f.now,
                            resolvedAt: nil), on: tx
                    )
                }
            }
            #expect(try #require(try await db.unit { try await EngagementStore.find(engagement.id, on: $0) }).engagement.needsReview)
            let alerts = try await db.unit { try await AlertStore.open(for: f.owner.id, on: $0) }
            #expect(alerts.map(\.kind) == [.boundaryIncident])
            #expect(alerts.first?.engagementID == engagement.id)
            #expect(
                try await db.unit { try await AlertStore.open(for: f.amy.id, on: $0) }.isEmpty,
                "the practitioner is not alerted about her own incident")
            #expect(try await db.unit { try await AlertStore.openCount(for: f.owner.id, on: $0) } == 1)
            #expect(
                try await !db.unit { try await AlertStore.resolve(alerts[0].id, by: f.amy.id, note: "Spoke with Amy", at: f.now, on: $0) },
                "only the recipient resolves")
            #expect(try await db.unit { try await AlertStore.resolve(alerts[0].id, by: f.owner.id, note: "Spoke with Amy", at: f.now, on: $0) })
            #expect(try await db.unit { try await AlertStore.openCount(for: f.owner.id, on: $0) } == 0)
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("UPDATE boundary_incidents SET kind = 'otherExploitation' WHERE id = \(bind: incident.id.uuid)").run()
            }
            #expect(try await db.unit { try await BoundaryStore.incidents(of: engagement.id, on: $0) } == [incident])
        }
    }
}
