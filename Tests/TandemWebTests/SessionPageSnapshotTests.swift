import Foundation
import TandemCore
import Testing

@testable import TandemApp
@testable import TandemWeb

/// The session page in its three states, built by `SessionPage.make` from a fixed record and compared with the HTML
/// committed under __Snapshots__ (record again with TANDEM_RECORD_SNAPSHOTS=1).
@Suite("Session page snapshots")
struct SessionPageSnapshotTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let amy = Account(
        id: .init(UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!), name: "Amy Lin", email: "amy@example.org",
        role: .practitioner, licence: "LMFT", createdAt: t0)
    static let engagementID = Engagement.ID(UUID(uuidString: "00000000-0000-0000-0000-0000000000E1")!)
    static let sessionID = Session.ID(UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!)

    static func record(_ status: SessionStatus) -> SessionRecord {
        let engagement = Engagement(
            id: engagementID, clientID: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!), practitionerID: amy.id, role: .therapy,
            status: .open,
            contract: EngagementContract(
                startDate: LocalDate(year: 2027, month: 1, day: 4)!, plannedSessions: 12, reviewDate: LocalDate(year: 2027, month: 3, day: 29)!,
                goals: ["Sleep through the night"]),
            needsReview: false, pause: nil, createdAt: t0, closedAt: nil)
        let item = EngagementListItem(
            engagement: engagement, clientName: "Jordan Avery", clientPractitionerID: amy.id, practitionerName: "Amy Lin", shareProgress: false)
        let screening = Screening(
            id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000D1")!), engagementID: engagementID,
            answers: ScreeningAnswers(
                stability: .yes, functioning: .yes, followThrough: .yes, readiness: .action, importance: 8, confidence: 7,
                directivePreference: .yes, safetyFlags: []),
            outcome: ScreeningOutcome(result: .coachable, reasons: ["All capacities present."], safetyFlagged: false), override: nil,
            screenedBy: amy.id,
            screenedAt: t0)
        let view = EngagementView(item: item, latest: screening, access: .write, sessionsSinceScreening: 1, today: LocalDate(t0))
        let started = status == .scheduled ? nil : t0.addingTimeInterval(3600)
        let session = Session(
            id: sessionID, engagementID: engagementID, scheduledAt: t0.addingTimeInterval(3600), lengthMinutes: 50, plan: .standard(length: 50),
            status: status, startedAt: started, endedAt: status == .completed ? t0.addingTimeInterval(3600 + 3000) : nil,
            phaseChanges: started.map { [PhaseChange(phase: .opening, at: $0), PhaseChange(phase: .work, at: $0.addingTimeInterval(600))] } ?? [],
            agreement: started.map {
                SessionAgreement(clientWords: "I want to sleep again", focus: "Evenings", recordedAt: $0.addingTimeInterval(300))
            },
            agreementSkipReason: nil, progressNotes: started == nil ? nil : "Slept better twice", createdAt: t0,
            howFar: status == .completed ? HowFar(rating: 7, source: .inRoom, at: t0) : nil)
        let context = SessionContext(
            item: SessionListItem(session: session, clientName: "Jordan Avery", role: .therapy, practitionerID: amy.id), engagement: view)
        let recorded = status != .scheduled
        let question = Question(
            id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000F1")!), phase: .work, purpose: .raiseStakes,
            text: "What would change if you slept?", ownerID: nil)
        return SessionRecord(
            context: context,
            markers: recorded
                ? [
                    Marker(
                        id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000B1")!), sessionID: sessionID, kind: .insight, atSeconds: 900,
                        text: "Sees the pattern", namedBy: .client, highlighted: true, recordedAt: t0)
                ] : [],
            redirects: recorded
                ? [
                    Redirect(
                        id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!), sessionID: sessionID, atSeconds: 1200, note: nil,
                        recordedAt: t0)
                ] : [],
            questionsAsked: recorded
                ? [
                    (
                        QuestionAsked(
                            id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000C2")!), sessionID: sessionID, questionID: question.id,
                            atSeconds: 1300, recordedAt: t0), question
                    )
                ] : [],
            takeaways: recorded
                ? [
                    Takeaway(
                        id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000C3")!), sessionID: sessionID, text: "Screens off at ten",
                        source: .client, permissionAsked: false, atSeconds: 2700,
                        recordedAt: t0)
                ] : [],
            actionSteps: recorded
                ? [
                    ActionStep(
                        id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000B2")!), engagementID: engagementID, sessionID: sessionID,
                        text: "Phone off at ten", due: LocalDate(year: 2027, month: 1, day: 20), createdAt: t0, review: nil)
                ] : [],
            actionStepsToReview: [],
            addenda: status == .completed
                ? [SessionAddendum(id: .init(), sessionID: sessionID, text: "The redirect was at 20:00.", recordedBy: amy.id, recordedAt: t0)] : [],
            clientIntention: nil, clientChecks: [:], note: nil)
    }

    func render(_ status: SessionStatus) async throws -> String {
        let page = SessionPage.make(
            Self.record(status), shell: PageSnapshotTests.shell, now: Self.t0.addingTimeInterval(3600 + 1500),
            zone: TimeZone(identifier: "Europe/Berlin")!,
            questions: status == .inProgress
                ? [
                    Question(
                        id: .init(UUID(uuidString: "00000000-0000-0000-0000-0000000000F2")!), phase: .work,
                        purpose: .raiseStakes, text: "What is at stake?", ownerID: nil)
                ] : [],
            query: "", values: [:], errors: [])
        return try await Views.load().html(page)
    }

    @Test func scheduled() async throws { try PageSnapshotTests().assertSnapshot(try await self.render(.scheduled), "session-scheduled") }
    @Test func live() async throws { try PageSnapshotTests().assertSnapshot(try await self.render(.inProgress), "session-live") }
    @Test func ended() async throws { try PageSnapshotTests().assertSnapshot(try await self.render(.completed), "session-ended") }
}
