import Foundation
import SQLKit
import TandemCore
import Testing

@testable import TandemStore

@Suite("Sessions and live records in the database")
struct SessionStoreTests {
    static func engagement(_ db: TandemDatabase) async throws -> (Fixture, Engagement) {
        let f = try await Fixture.make(db)
        let client = try await db.unit {
            try await ClientStore.create(
                ClientDetails(displayName: "Jordan Avery", email: nil, phone: nil, dateOfBirth: nil), practitionerID: f.amy.id, at: f.now, on: $0)
        }
        let engagement = try await db.unit {
            try await EngagementStore.open(
                client: client.id, practitioner: f.amy, role: .therapy, contract: EngagementStoreTests.contract, at: f.now, on: $0)
        }
        return (f, engagement)
    }

    /// Inserts a marker on a transaction of its own (the gateway writes the row; a use case would add its audit event).
    static func mark(_ marker: Marker, on db: TandemDatabase) async throws {
        try await db.unit { tx in try await LiveRecordStore.insert(marker, on: tx) }
    }

    static func session(_ e: Engagement, at: Date) -> Session {
        Session(
            id: .init(), engagementID: e.id, scheduledAt: at, lengthMinutes: 50, plan: .standard(length: 50), status: .scheduled, startedAt: nil,
            endedAt: nil,
            phaseChanges: [], agreement: nil, agreementSkipReason: nil, progressNotes: nil, createdAt: at
        )
    }

    @Test(
        "A session moves scheduled → in progress → completed with its phases; the schema refuses a plan that does not add up",
        arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await Self.engagement(db)
            let screening = try await EngagementStoreTests.screen(
                ScreeningAnswers(
                    stability: .yes, functioning: .yes, followThrough: .yes, readiness: .action, importance: 8, confidence: 7,
                    directivePreference: .yes, safetyFlags: []
                ), e.id, by: f.amy.id, at: f.now.addingTimeInterval(-60), on: db
            )
            #expect(try await db.unit { try await ScreeningStore.latestWithSessionsSince(of: e.id, on: $0) }?.sessionsSince == 0)
            let s = Self.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(s, on: $0) }
            try await db.unit { tx in try await SessionStore.start(s.id, at: f.now.addingTimeInterval(60), on: tx) }
            await #expect(throws: TandemError.self, "a second start finds the session changed") {
                try await db.unit { tx in try await SessionStore.start(s.id, at: f.now.addingTimeInterval(61), on: tx) }
            }
            let agreement = SessionAgreement(
                clientWords: "I want to stop dreading Mondays", focus: "Sunday evenings", recordedAt: f.now.addingTimeInterval(300))
            try await db.unit { tx in try await SessionStore.setAgreement(s.id, agreement, on: tx) }
            try await db.unit { tx in try await SessionStore.changePhase(s.id, to: .work, skipReason: nil, at: f.now.addingTimeInterval(600), on: tx)
            }
            try await db.unit { tx in
                try await SessionStore.changePhase(s.id, to: .closing, skipReason: nil, at: f.now.addingTimeInterval(2400), on: tx)
            }
            await #expect(throws: (any Error).self, "a phase begins once") {
                try await db.unit { tx in
                    try await SessionStore.changePhase(s.id, to: .closing, skipReason: nil, at: f.now.addingTimeInterval(2500), on: tx)
                }
            }
            try await db.unit { tx in try await SessionStore.end(s.id, at: f.now.addingTimeInterval(3060), on: tx) }
            let found = try #require(try await db.unit { try await SessionStore.find(s.id, on: $0) })
            #expect(found.session.status == .completed)
            #expect(found.session.phaseChanges.map(\.phase) == [.opening, .work, .closing])
            #expect(found.session.agreement == agreement)
            #expect(found.clientName == "Jordan Avery")
            let latest = try await db.unit { try await ScreeningStore.latestWithSessionsSince(of: e.id, on: $0) }
            #expect(latest?.screening.id == screening.id)
            #expect(latest?.sessionsSince == 1, "the completed session counts toward the re-screen")
            #expect(
                try await db.unit { try await SessionStore.schedule(of: f.amy.id, from: f.now, to: f.now.addingTimeInterval(86_400), on: $0) }.map(
                    \.session.id) == [s.id])
            #expect(
                try await db.unit { try await SessionStore.schedule(of: f.ben.id, from: f.now, to: f.now.addingTimeInterval(86_400), on: $0) }.isEmpty
            )
            await #expect(throws: (any Error).self, "closing of 4 minutes") {
                try await db.sql.raw(
                    """
                    INSERT INTO sessions (id, engagement_id, scheduled_at, length_minutes, plan_opening, plan_work, plan_closing, status, created_at)
                    VALUES (\(bind: UUID()), \(bind: e.id.uuid), \(bind: f.now), 50, 10, 36, 4, 'scheduled', \(bind: f.now))
                    """
                ).run()
            }
            await #expect(throws: (any Error).self, "phases that do not add up") {
                try await db.sql.raw(
                    """
                    INSERT INTO sessions (id, engagement_id, scheduled_at, length_minutes, plan_opening, plan_work, plan_closing, status, created_at)
                    VALUES (\(bind: UUID()), \(bind: e.id.uuid), \(bind: f.now), 50, 10, 30, 20, 'scheduled', \(bind: f.now))
                    """
                ).run()
            }
            let actions = try await db.unit { try await AuditStore.events(entityType: "session", entityID: s.id.description, on: $0) }.map(\.action)
            // Audit events are their use cases' (TandemApp, UseCaseAuditTests): a gateway writes its own table only.
            #expect(actions.isEmpty)
        }
    }

    @Test("Markers, redirects, questions, takeaways and action steps are saved as made and read back in order", arguments: Backend.available)
    func liveRecords(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await Self.engagement(db)
            let first = Self.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(first, on: $0) }
            try await db.unit { tx in try await SessionStore.start(first.id, at: f.now, on: tx) }

            var marker = Marker(
                id: .init(), sessionID: first.id, kind: .strength, atSeconds: 754, text: nil, namedBy: .therapist, highlighted: false,
                recordedAt: f.now)
            try await SessionStoreTests.mark(marker, on: db)
            try await SessionStoreTests.mark(
                Marker(
                    id: .init(), sessionID: first.id, kind: .insight, atSeconds: 120, text: nil, namedBy: .client, highlighted: true,
                    recordedAt: f.now), on: db)
            marker.text = "Kept her boundary with her mother"
            marker.namedBy = .client
            try await db.unit { [marker] tx in try await LiveRecordStore.update(marker, on: tx) }
            let markers = try await db.unit { try await LiveRecordStore.markers(of: first.id, on: $0) }
            #expect(markers.map(\.kind) == [.insight, .strength], "in time order")
            #expect(markers[1] == marker)

            try await db.unit { tx in
                try await LiveRecordStore.insert(Redirect(id: .init(), sessionID: first.id, atSeconds: 900, note: nil, recordedAt: f.now), on: tx)
            }
            #expect(try await db.unit { try await LiveRecordStore.redirects(of: first.id, on: $0) }.map(\.atSeconds) == [900])

            let library = try await db.unit { try await LiveRecordStore.questions(for: f.amy.id, phase: nil, search: nil, on: $0) }
            #expect(library.count == QuestionLibrary.questions.count, "the seeded library is in the database")
            #expect(library.count >= 40)
            let own = Question(id: .init(), phase: .work, purpose: .raiseStakes, text: "What would 100% commitment look like?", ownerID: f.amy.id)
            try await db.unit { try await LiveRecordStore.insert(own, owner: f.amy.id, on: $0) }
            #expect(
                try await db.unit { try await LiveRecordStore.questions(for: f.amy.id, phase: .work, search: "100%", on: $0) }.map(\.id) == [own.id],
                "a % is searched literally")
            #expect(
                try await db.unit { try await LiveRecordStore.questions(for: f.ben.id, phase: .work, search: "100%", on: $0) }.isEmpty,
                "a practitioner's own questions are hers")
            let opening = try await db.unit { try await LiveRecordStore.questions(for: f.amy.id, phase: .opening, search: "WHERE do you", on: $0) }
            #expect(opening.map(\.text) == ["Where do you want to go today?"])
            try await db.unit { tx in
                try await LiveRecordStore.insert(
                    QuestionAsked(id: .init(), sessionID: first.id, questionID: opening[0].id, atSeconds: 30, recordedAt: f.now), on: tx)
            }
            #expect(
                try await db.unit { try await LiveRecordStore.questionsAsked(in: first.id, on: $0) }.map(\.1.text) == [
                    "Where do you want to go today?"
                ])

            try await db.unit { tx in
                try await LiveRecordStore.insert(
                    Takeaway(
                        id: .init(), sessionID: first.id, text: "I can say no kindly", source: .client, permissionAsked: false, atSeconds: 2800,
                        recordedAt: f.now), on: tx)
            }
            await #expect(throws: (any Error).self, "the schema refuses a therapist-shared takeaway without permission") {
                try await db.unit { tx in
                    try await LiveRecordStore.insert(
                        Takeaway(
                            id: .init(), sessionID: first.id, text: "x", source: .therapist, permissionAsked: false, atSeconds: 2900,
                            recordedAt: f.now), on: tx)
                }
            }
            #expect(try await db.unit { try await LiveRecordStore.takeaways(of: first.id, on: $0) }.map(\.source) == [.client])

            let step = ActionStep(
                id: .init(), engagementID: e.id, sessionID: first.id, text: "Say no once this week", due: LocalDate(year: 2027, month: 1, day: 8)!,
                createdAt: f.now, review: nil)
            try await db.unit { tx in try await LiveRecordStore.insert(step, on: tx) }
            try await db.unit { tx in try await SessionStore.end(first.id, at: f.now.addingTimeInterval(3000), on: tx) }

            let second = Self.session(e, at: f.now.addingTimeInterval(7 * 86_400))
            try await db.unit { try await SessionStore.schedule(second, on: $0) }
            #expect(try await db.unit { try await LiveRecordStore.actionSteps(around: second, on: $0).toReview }.map(\.id) == [step.id])
            #expect(
                try await db.unit { try await LiveRecordStore.actionSteps(around: first, on: $0).toReview }.isEmpty,
                "a session does not review its own steps")
            let review = ActionReview(
                status: .partly, clientWords: "Once, with my sister", reviewedAt: f.now.addingTimeInterval(7 * 86_400), sessionID: second.id)
            try await db.unit { tx in try await LiveRecordStore.review(step.id, review, on: tx) }
            #expect(try await db.unit { try await LiveRecordStore.actionStep(step.id, on: $0) }?.review == review)
            #expect(
                try await db.unit { try await LiveRecordStore.actionSteps(around: second, on: $0).toReview }.map(\.id) == [step.id],
                "still listed where it was reviewed")

            let addendum = SessionAddendum(
                id: .init(), sessionID: first.id, text: "The redirect was at 15:00, not 14:00.", recordedBy: f.amy.id, recordedAt: f.now)
            try await db.unit { tx in try await LiveRecordStore.insert(addendum, on: tx) }
            #expect(try await db.unit { try await LiveRecordStore.addenda(of: first.id, on: $0) } == [addendum])
            await #expect(throws: (any Error).self) {
                try await db.sql.raw("DELETE FROM session_addenda WHERE id = \(bind: addendum.id.uuid)").run()
            }
        }
    }

    @Test("Many writers at once all land: on SQLite they take turns instead of waiting inside the driver", arguments: Backend.available)
    func concurrentWriters(backend: Backend) async throws {
        try await backend.withDatabase { db in
            let (f, e) = try await Self.engagement(db)
            let session = Self.session(e, at: f.now)
            try await db.unit { try await SessionStore.schedule(session, on: $0) }
            try await db.unit { tx in try await SessionStore.start(session.id, at: f.now, on: tx) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        let marker = Marker(
                            id: .init(), sessionID: session.id, kind: MarkerKind.allCases[i % 5], atSeconds: i, text: nil, namedBy: .client,
                            highlighted: false,
                            recordedAt: f.now
                        )
                        try await SessionStoreTests.mark(marker, on: db)
                        try await db.unit {
                            try await AuditStore.append(
                                .engagement(.sessionViewed, session.id.description, type: "session", by: f.amy.id, at: f.now), on: $0)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await db.unit { try await LiveRecordStore.markers(of: session.id, on: $0) }.count == 64)
            #expect(try await count("markers", in: db) == 64)
        }
    }
}
