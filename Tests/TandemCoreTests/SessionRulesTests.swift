import Foundation
import Testing

@testable import TandemCore

@Suite("The phase planner, the clock and the session rules")
struct SessionRulesTests {
    @Test(
        "Default plan: 20/60/20 rounded to whole minutes; the closing never under 5",
        arguments: [
            (50, PhasePlan(opening: 10, work: 30, closing: 10)),
            (45, PhasePlan(opening: 9, work: 27, closing: 9)),
            (15, PhasePlan(opening: 3, work: 7, closing: 5)),
            (53, PhasePlan(opening: 11, work: 31, closing: 11)),
            (180, PhasePlan(opening: 36, work: 108, closing: 36)),
        ])
    func standardPlan(length: Int, expected: PhasePlan) throws {
        let plan = PhasePlan.standard(length: length)
        #expect(plan == expected)
        #expect(plan.total == length)
        #expect(try plan.validated(length: length) == plan)
    }

    @Test("A practitioner's own shares decide the default plan")
    func ownShares() {
        #expect(PhasePlan.standard(length: 60, shares: .init(opening: 15, closing: 25)) == PhasePlan(opening: 9, work: 36, closing: 15))
        #expect(throws: TandemError.self) { try PhasePlan.Shares.validated(opening: "50", closing: "20") }
    }

    @Test("A plan is refused when the closing is under 5 minutes or the phases do not add up, naming the field")
    func planRules() {
        #expect(
            throws: TandemError.validation([
                FieldError(field: "plan.closing", message: "The closing must be at least 5 minutes, to consolidate gains.")
            ])
        ) {
            try PhasePlan(opening: 10, work: 36, closing: 4).validated(length: 50)
        }
        #expect(
            throws: TandemError.validation([
                FieldError(field: "plan", message: "The phases add up to 60 minutes; they must add up to the session's 50.")
            ])
        ) {
            try PhasePlan(opening: 10, work: 40, closing: 10).validated(length: 50)
        }
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(throws: TandemError.self) { try SessionDraft(scheduledAt: at, lengthMinutes: "10").validated(shares: .standard) }
        #expect(throws: TandemError.self) { try SessionDraft(scheduledAt: nil, lengthMinutes: "50").validated(shares: .standard) }
        let own = try? SessionDraft(scheduledAt: at, lengthMinutes: "60", opening: "10", work: "40", closing: "10").validated(shares: .standard)
        #expect(own?.plan == PhasePlan(opening: 10, work: 40, closing: 10))
        #expect(
            (try? SessionDraft(scheduledAt: at, lengthMinutes: nil).validated(shares: .standard))?.plan
                == PhasePlan(opening: 10, work: 30, closing: 10))
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let plan = PhasePlan(opening: 10, work: 30, closing: 10)

    static func read(at seconds: Int, changes: [(Phase, Int)] = [(.opening, 0)]) -> ClockReading {
        PhaseClock.read(
            plan: Self.plan, startedAt: Self.start,
            changes: changes.map { PhaseChange(phase: $0.0, at: Self.start.addingTimeInterval(TimeInterval($0.1))) },
            now: Self.start.addingTimeInterval(TimeInterval(seconds))
        )
    }

    @Test("The clock: current phase and time left in it and in the session, from stored times only")
    func clock() {
        let early = Self.read(at: 125)
        #expect(early.phase == .opening)
        #expect(early.phaseRemaining == 600 - 125)
        #expect(early.sessionRemaining == 3000 - 125)
        #expect(early.warnings.isEmpty)
        let work = Self.read(at: 900, changes: [(.opening, 0), (.work, 720)])
        #expect(work.phase == .work)
        #expect(work.phaseElapsed == 180)
        #expect(work.phaseRemaining == 1800 - 180, "the work phase has its planned 30 minutes from when it began")
        #expect(PhaseClock.format(-90) == "−1:30")
        #expect(PhaseClock.format(754) == "12:34")
    }

    @Test("Warnings: 2 minutes before the closing should begin, then if the work runs into the closing budget, then overrun")
    func warnings() {
        let changes: [(Phase, Int)] = [(.opening, 0), (.work, 600)]
        #expect(Self.read(at: 2279, changes: changes).warnings.isEmpty, "2:01 before")
        #expect(Self.read(at: 2280, changes: changes).warnings == [.closingSoon], "2:00 before the planned closing at 40:00")
        #expect(Self.read(at: 2399, changes: changes).warnings == [.closingSoon])
        #expect(Self.read(at: 2400, changes: changes).warnings == [.closingSqueezed])
        let closing = changes + [(.closing, 2300)]
        #expect(Self.read(at: 2400, changes: closing).warnings.isEmpty, "no warning once the closing has begun")
        #expect(Self.read(at: 3001, changes: closing).warnings == [.overrun])
        #expect(Self.read(at: 3001, changes: changes).warnings == [.closingSqueezed, .overrun])
    }

    static func session(status: SessionStatus = .inProgress, phase: Phase = .opening, agreement: SessionAgreement? = nil) -> Session {
        Session(
            id: .init(), engagementID: .init(), scheduledAt: Self.start, lengthMinutes: 50, plan: Self.plan, status: status,
            startedAt: status == .scheduled ? nil : Self.start, endedAt: nil,
            phaseChanges: status == .scheduled ? [] : Phase.allCases.filter { $0 <= phase }.map { PhaseChange(phase: $0, at: Self.start) },
            agreement: agreement, agreementSkipReason: nil, progressNotes: nil, createdAt: Self.start
        )
    }

    static func code(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            if case .conflict(let code, _) = error as? TandemError { return code.rawValue }
            if case .validation(let errors) = error as? TandemError { return "validation:" + errors.map(\.field).joined(separator: ",") }
            return "other"
        }
    }

    @Test("The work phase needs an agreement on a coachable engagement, or a recorded reason to skip it")
    func agreementRule() throws {
        let open = Self.session()
        #expect(Self.code { try SessionFlow.move(open, to: "work", coaching: .coachable, skipReason: nil) } == "agreement_required")
        #expect(Self.code { try SessionFlow.move(open, to: "work", coaching: .coachableWithCare, skipReason: "  ") } == "agreement_required")
        #expect(Self.code { try SessionFlow.move(open, to: "work", coaching: .coachable, skipReason: "no") } == "validation:skipAgreementReason")
        #expect(
            try SessionFlow.move(open, to: "work", coaching: .coachable, skipReason: "Crisis call to handle first") == (
                .work, "Crisis call to handle first"
            ))
        #expect(try SessionFlow.move(open, to: "work", coaching: .notNow, skipReason: nil) == (.work, nil), "no agreement push when not coachable")
        let agreed = Self.session(agreement: SessionAgreement(clientWords: "Mondays", focus: "Sunday evenings", recordedAt: Self.start))
        #expect(try SessionFlow.move(agreed, to: "work", coaching: .coachable, skipReason: nil) == (.work, nil))
    }

    @Test("Phases move forward one at a time; only a running session records; only a scheduled one starts or is cancelled")
    func flow() throws {
        #expect(Self.code { try SessionFlow.move(Self.session(), to: "closing", coaching: .notNow, skipReason: nil) } == "phase_order")
        #expect(Self.code { try SessionFlow.move(Self.session(phase: .work), to: "work", coaching: .notNow, skipReason: nil) } == "phase_order")
        #expect(Self.code { try SessionFlow.move(Self.session(), to: "opening", coaching: .notNow, skipReason: nil) } == "validation:phase")
        #expect(try SessionFlow.move(Self.session(phase: .work), to: "closing", coaching: .coachable, skipReason: nil).0 == .closing)
        #expect(
            Self.code { try SessionFlow.move(Self.session(status: .scheduled), to: "work", coaching: .notNow, skipReason: nil) }
                == "session_not_in_progress")
        #expect(Self.code { try Self.session(status: .completed).requireInProgress() } == "session_not_in_progress")
        #expect(Self.code { try SessionFlow.start(Self.session()) } == "session_not_scheduled")
        try SessionFlow.start(Self.session(status: .scheduled))
        #expect(Self.code { try SessionFlow.cancel(Self.session(status: .completed)) } == "session_not_scheduled")
        #expect(Self.session().elapsedSeconds(at: Self.start.addingTimeInterval(61.9)) == 61)
    }

    @Test("Takeaways: a therapist-shared one needs permission asked; markers default to the therapist's voice")
    func takeawaysAndMarkers() throws {
        #expect(
            throws: TandemError.validation([
                FieldError(field: "permissionAsked", message: "Ask the client's permission before sharing your takeaway, and tick that you did.")
            ])
        ) {
            try Takeaway.validated(text: "You held your ground", source: "therapist", permissionAsked: false)
        }
        #expect(try Takeaway.validated(text: "You held your ground", source: "therapist", permissionAsked: true).1 == .therapist)
        #expect(try Takeaway.validated(text: "I can say no", source: "client", permissionAsked: false) == ("I can say no", .client, false))
        #expect(throws: TandemError.self) { try Takeaway.validated(text: "", source: "client", permissionAsked: false) }
        let marker = try Marker.validated(kind: "strength", text: nil, namedBy: nil, highlighted: false)
        #expect(marker.0 == .strength && marker.2 == .therapist)
        #expect(throws: TandemError.self) { try Marker.validated(kind: "joy", text: nil, namedBy: nil, highlighted: false) }
        #expect(throws: TandemError.self) {
            try Marker.validated(kind: "insight", text: String(repeating: "x", count: 501), namedBy: nil, highlighted: false)
        }
        #expect(MarkerKind.allCases.map(\.shortcut) == ["1", "2", "3", "4", "5"])
    }

    @Test("The question library: at least 40, every purpose and phase covered, unique ids and texts")
    func library() {
        let qs = QuestionLibrary.questions
        #expect(qs.count >= 40)
        #expect(Set(qs.map(\.id)).count == qs.count)
        #expect(Set(qs.map(\.text)).count == qs.count)
        #expect(Set(qs.map(\.purpose)) == Set(QuestionPurpose.allCases))
        #expect(Set(qs.map(\.phase)) == Set(Phase.allCases))
        #expect(qs.contains { $0.text == "Where do you want to go today?" && $0.phase == .opening })
    }

    @Test("Action steps: text required, a due date not in the past; reviews name their status")
    func actionSteps() throws {
        let today = LocalDate(year: 2026, month: 11, day: 26)!
        #expect(try ActionStep.validated(text: "Walk twice", due: "2026-12-01", today: today).1 == LocalDate(year: 2026, month: 12, day: 1))
        #expect(throws: TandemError.self) { try ActionStep.validated(text: "Walk twice", due: "2026-11-20", today: today) }
        #expect(throws: TandemError.self) { try ActionStep.validated(text: " ", due: nil, today: today) }
        #expect(try ActionReview.validated(status: "notDone", clientWords: "Too tired") == (.notDone, "Too tired"))
        #expect(throws: TandemError.self) { try ActionReview.validated(status: "half", clientWords: nil) }
    }
}

@Suite("Calendar arithmetic")
struct CalendarArithmeticTests {
    @Test("civil(daysSince1970:) agrees with Foundation's Gregorian calendar from 1900 to 2100")
    func civil() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -25_567, through: 47_482, by: 13) {
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let mine = LocalDate.civil(daysSince1970: days)
            #expect(mine.year == c.year && mine.month == c.month && mine.day == c.day, "day \(days)")
            if mine.year != c.year || mine.month != c.month || mine.day != c.day { return }
        }
        #expect(LocalDate(Date(timeIntervalSince1970: -1)) == LocalDate(year: 1969, month: 12, day: 31))
    }
}
