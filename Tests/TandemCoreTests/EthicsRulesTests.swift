import Foundation
import Testing

@testable import TandemCore

@Suite("Coachability screening, role separation, gating and boundaries")
struct EthicsRulesTests {
    /// The answers of a client who is coachable without reservation; each test changes what it studies.
    static let ready = ScreeningAnswers(
        stability: .yes, functioning: .yes, followThrough: .yes, readiness: .action, importance: 8, confidence: 6, directivePreference: .yes,
        safetyFlags: []
    )

    static func with(_ change: (inout ScreeningAnswers) -> Void) -> ScreeningAnswers {
        var a = Self.ready
        change(&a)
        return a
    }

    @Test("Rule 6: all capacities yes, readiness preparation/action/maintenance, directive yes → coachable")
    func coachable() {
        for stage in [ReadinessStage.preparation, .action, .maintenance] {
            let outcome = Coachability.assess(Self.with { $0.readiness = stage })
            #expect(outcome.result == .coachable, "readiness \(stage)")
            #expect(!outcome.safetyFlagged)
            #expect(outcome.reasons.contains("Readiness: \(stage.rawValue)."))
        }
    }

    @Test("Rule 1: every safety flag alone gives notNow, names the flag, and marks the outcome safety-flagged", arguments: SafetyFlag.allCases)
    func safetyFlag(_ flag: SafetyFlag) {
        let outcome = Coachability.assess(Self.with { $0.safetyFlags = [flag] })
        #expect(outcome.result == .notNow)
        #expect(outcome.safetyFlagged)
        #expect(outcome.reasons == ["Safety flag: \(flag.label)."])
    }

    @Test("Rule 1 outranks everything and lists every flag in a fixed order")
    func allFlags() {
        let outcome = Coachability.assess(Self.with { $0.safetyFlags = Set(SafetyFlag.allCases) })
        #expect(outcome.result == .notNow)
        #expect(outcome.reasons.count == SafetyFlag.allCases.count)
        #expect(outcome.reasons.first == "Safety flag: \(SafetyFlag.allCases[0].label).")
    }

    @Test("Rule 2: any capacity item 'no' gives notNow, with that item named")
    func capacityNo() {
        let cases: [(WritableKeyPath<ScreeningAnswers, Capacity>, String)] = [
            (\.stability, "Stability: no."), (\.functioning, "Day-to-day functioning: no."),
            (\.followThrough, "Capacity to act between sessions: no."),
        ]
        for (path, reason) in cases {
            let outcome = Coachability.assess(Self.with { $0[keyPath: path] = .no })
            #expect(outcome.result == .notNow)
            #expect(!outcome.safetyFlagged, "not a safety flag, so a new screening or override logic may treat it differently")
            #expect(outcome.reasons == [reason])
        }
    }

    @Test("Rule 3: precontemplation gives notNow; Rule 4: a client who does not want a directive style gives notNow")
    func readinessAndDirective() {
        #expect(Coachability.assess(Self.with { $0.readiness = .precontemplation }).result == .notNow)
        let noDirective = Coachability.assess(Self.with { $0.directivePreference = .no })
        #expect(noDirective.result == .notNow)
        #expect(noDirective.reasons == ["The client does not want a directive style."])
    }

    @Test("notNow reasons list every matching item, and a 'no' outranks a 'partly'")
    func notNowCollectsReasons() {
        let outcome = Coachability.assess(
            Self.with {
                $0.stability = .no
                $0.functioning = .partly
                $0.readiness = .precontemplation
            })
        #expect(outcome.result == .notNow)
        #expect(outcome.reasons == ["Stability: no.", "Readiness: precontemplation (not yet considering change)."])
    }

    @Test("Rule 5: a 'partly', contemplation or an unsure directive preference gives coachableWithCare with each reason")
    func withCare() {
        #expect(Coachability.assess(Self.with { $0.followThrough = .partly }).reasons == ["Capacity to act between sessions: partly."])
        #expect(Coachability.assess(Self.with { $0.readiness = .contemplation }).result == .coachableWithCare)
        #expect(Coachability.assess(Self.with { $0.directivePreference = .unsure }).result == .coachableWithCare)
        let all = Coachability.assess(
            Self.with {
                $0.stability = .partly
                $0.functioning = .partly
                $0.readiness = .contemplation
                $0.directivePreference = .unsure
            })
        #expect(all.result == .coachableWithCare)
        #expect(all.reasons.count == 4)
    }

    @Test("The readiness rulers are recorded but never decide the result")
    func rulersDoNotDecide() {
        #expect(
            Coachability.assess(
                Self.with {
                    $0.importance = 0
                    $0.confidence = 0
                }
            ).result == .coachable)
    }

    @Test("The screening form checks every field and names it")
    func screeningDraft() throws {
        let empty = ScreeningDraft(
            stability: nil, functioning: nil, followThrough: nil, readiness: nil, importance: nil, confidence: nil, directivePreference: nil,
            safetyFlags: [])
        #expect(
            Set(fieldErrors { try empty.validated() }.map(\.field)) == [
                "stability", "functioning", "followThrough", "readiness", "importance", "confidence", "directivePreference",
            ])
        let bad = ScreeningDraft(
            stability: "yes", functioning: "yes", followThrough: "yes", readiness: "action", importance: "11", confidence: "-1",
            directivePreference: "yes",
            safetyFlags: ["bogus"]
        )
        #expect(fieldErrors { try bad.validated() }.map(\.field) == ["importance", "confidence", "safetyFlags"], "11 and -1 are out of range")
        let good = ScreeningDraft(
            stability: "partly", functioning: "yes", followThrough: "yes", readiness: "preparation", importance: "10", confidence: "0",
            directivePreference: "yes",
            safetyFlags: ["crisis"]
        )
        let answers = try good.validated()
        #expect(answers.safetyFlags == [.crisis])
        #expect(answers.importance == 10)
    }

    static func screening(_ answers: ScreeningAnswers, override: ScreeningOverride? = nil) -> Screening {
        Screening(
            id: .init(), engagementID: .init(), answers: answers, outcome: Coachability.assess(answers), override: override, screenedBy: .init(),
            screenedAt: Date(timeIntervalSince1970: 1_800_000_000)
        )
    }

    @Test("Override: only a computed coachableWithCare, to either side, once, with a reason of 20 or more characters")
    func overrides() throws {
        let care = Self.screening(Self.with { $0.followThrough = .partly })
        let reason = "Follows through well on small, concrete steps."
        #expect(try ScreeningOverride.check(care, to: "coachable", reason: reason) == (.coachable, reason))
        #expect(try ScreeningOverride.check(care, to: "notNow", reason: reason).0 == .notNow)
        #expect(throws: TandemError.validation([FieldError(field: "reason", message: "Reason must be at least 20 characters.")])) {
            try ScreeningOverride.check(care, to: "coachable", reason: "Seems fine.")
        }
        #expect(throws: TandemError.self) { try ScreeningOverride.check(care, to: "coachableWithCare", reason: reason) }

        let flagged = Self.screening(Self.with { $0.safetyFlags = [.acuteRisk] })
        #expect(
            throws: TandemError.conflict(
                code: .overrideRefused,
                message: "A safety flag decided this screening: it cannot be overridden. Re-screen when the situation has changed.")
        ) {
            try ScreeningOverride.check(flagged, to: "coachable", reason: reason)
        }
        #expect(throws: TandemError.self) { try ScreeningOverride.check(Self.screening(Self.ready), to: "notNow", reason: reason) }
        #expect(throws: TandemError.self) {
            try ScreeningOverride.check(Self.screening(Self.with { $0.stability = .no }), to: "coachable", reason: reason)
        }

        let done = Self.screening(
            Self.with { $0.followThrough = .partly }, override: ScreeningOverride(result: .coachable, reason: reason, by: .init(), at: Date()))
        #expect(done.result == .coachable, "the override is the result in force")
        #expect(throws: TandemError.self) { try ScreeningOverride.check(done, to: "notNow", reason: reason) }
    }

    @Test("Re-screen is due after 90 days or 8 sessions, not before")
    func rescreen() {
        let day = LocalDate(year: 2026, month: 1, day: 1)!
        #expect(!Rescreen.isDue(lastScreenedOn: day, today: day.adding(days: 89), sessionsSince: 7))
        #expect(Rescreen.isDue(lastScreenedOn: day, today: day.adding(days: 90), sessionsSince: 0))
        #expect(Rescreen.isDue(lastScreenedOn: day, today: day, sessionsSince: 8))
    }

    static let consented = ConsentState(version: 1, method: .inRoom, at: Date(timeIntervalSince1970: 1_700_000_000), withdrawnAt: nil)

    static func engagement(
        _ role: EngagementRole, _ status: EngagementStatus, pause: CoachingPause? = nil, consent: ConsentState? = Self.consented
    ) -> Engagement {
        Engagement(
            id: .init(), clientID: .init(), practitionerID: .init(), role: role, status: status,
            contract: EngagementContract(
                startDate: LocalDate(year: 2020, month: 1, day: 1)!, plannedSessions: 12, reviewDate: LocalDate(year: 2020, month: 4, day: 1)!,
                goals: ["x"]),
            needsReview: false, pause: pause, createdAt: Date(), closedAt: status == .closed ? Date() : nil, consent: consent
        )
    }

    static let therapist = Account(
        id: .init(), name: "Maya Brooks", email: "maya@example.org", role: .practitioner, licence: "LCSW", coachingCredential: nil, createdAt: Date())
    static let coach = Account(
        id: .init(), name: "Ben Ortiz", email: "ben@example.org", role: .practitioner, licence: "LPC", coachingCredential: "ICF PCC",
        createdAt: Date())

    @Test("Role separation: the other role is refused for good, however long ago, with an explanation to act on")
    func otherRoleRefused() {
        let closedTherapy = Self.engagement(.therapy, .closed)
        #expect(
            throws: TandemError.conflict(
                code: .roleSeparation,
                message:
                    "Ben Ortiz was this client's therapist; the roles of therapist and coach are kept separate, even after a break. Refer the client to another coach."
            )
        ) {
            try RoleSeparation.check(opening: .coaching, practitioner: Self.coach, history: [closedTherapy])
        }
        #expect(throws: TandemError.self) {
            try RoleSeparation.check(opening: .therapy, practitioner: Self.coach, history: [Self.engagement(.coaching, .open)])
        }
    }

    @Test("Role separation: the same role after an ended engagement is allowed; a second open one is not")
    func sameRole() throws {
        try RoleSeparation.check(
            opening: .therapy, practitioner: Self.therapist, history: [Self.engagement(.therapy, .closed), Self.engagement(.therapy, .closed)])
        #expect(
            throws: TandemError.conflict(
                code: .engagementOpen,
                message: "This client already has an open therapy engagement with Maya Brooks. Close it before opening another.")
        ) {
            try RoleSeparation.check(opening: .therapy, practitioner: Self.therapist, history: [Self.engagement(.therapy, .open)])
        }
    }

    @Test("Role separation: another practitioner (empty history with them) may take the other role; coaching needs a credential")
    func anotherPractitionerAndCredential() throws {
        try RoleSeparation.check(opening: .coaching, practitioner: Self.coach, history: [])
        try RoleSeparation.check(opening: .therapy, practitioner: Self.therapist, history: [])
        do {
            try RoleSeparation.check(opening: .coaching, practitioner: Self.therapist, history: [])
            Issue.record("a practitioner without a coaching credential opened a coaching engagement")
        } catch {
            guard case .conflict(let code, let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(code == .noCoachingCredential)
            #expect(message.contains("Maya Brooks has no coaching credential recorded"))
        }
    }

    @Test("Gating: tools are offered only while coachable (with or without care); a pause outranks any screening")
    func gating() throws {
        let open = Self.engagement(.therapy, .open)
        #expect(CoachingState.of(open, latest: nil) == .notScreened)
        #expect(throws: TandemError.self) { try CoachingState.of(open, latest: nil).requireTools() }
        try CoachingState.of(open, latest: Self.screening(Self.ready)).requireTools()
        try CoachingState.of(open, latest: Self.screening(Self.with { $0.readiness = .contemplation })).requireTools()
        let notNow = CoachingState.of(open, latest: Self.screening(Self.with { $0.safetyFlags = [.crisis] }))
        #expect(notNow == .notNow)
        do {
            try notNow.requireTools()
            Issue.record("tools offered while not coachable")
        } catch {
            guard case .conflict(let code, _) = error else {
                Issue.record("wrong error")
                return
            }
            #expect(code == .notCoachable)
        }
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let paused = Self.engagement(.therapy, .open, pause: CoachingPause(reason: "PHQ-9 item 9 answered above 0.", since: since))
        let state = CoachingState.of(paused, latest: Self.screening(Self.ready))
        #expect(state == .paused(reason: "PHQ-9 item 9 answered above 0.", since: since))
        #expect(state.code == "paused")
        #expect(!state.toolsAvailable)
        let care = CoachingState.of(
            open,
            latest: Self.screening(
                Self.with { $0.followThrough = .partly }, override: ScreeningOverride(result: .notNow, reason: "r", by: .init(), at: since)))
        #expect(care == .notNow, "an override to notNow closes the tools")
    }

    @Test("Consent: a coachable engagement without the client's consent, or with it withdrawn, answers consent_needed; the screening speaks first")
    func consent() throws {
        let without = Self.engagement(.therapy, .open, consent: nil)
        #expect(CoachingState.of(without, latest: Self.screening(Self.ready)) == .consentNeeded(withdrawnAt: nil))
        #expect(CoachingState.missing(without, latest: Self.screening(Self.ready)) == ["consent"])
        let refused = #expect(throws: TandemError.self) { try CoachingState.of(without, latest: Self.screening(Self.ready)).requireTools() }
        if case .conflict(let code, _)? = refused { #expect(code == .consentNeeded) } else { Issue.record("a conflict") }
        let notNow = CoachingState.of(without, latest: Self.screening(Self.with { $0.safetyFlags = [.crisis] }))
        #expect(notNow == .notNow, "not coachable speaks first, consent or none")
        #expect(CoachingState.missing(without, latest: nil) == ["screening", "consent"])
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let withdrawn = Self.engagement(
            .therapy, .open, consent: ConsentState(version: 2, method: .portal, at: since, withdrawnAt: since.addingTimeInterval(60)))
        let state = CoachingState.of(withdrawn, latest: Self.screening(Self.ready))
        #expect(state == .consentNeeded(withdrawnAt: since.addingTimeInterval(60)) && !state.toolsAvailable && state.code == "consentNeeded")
        try CoachingState.of(Self.engagement(.therapy, .open), latest: Self.screening(Self.ready)).requireTools()
    }

    @Test("Boundaries: a crossing needs a 20-character rationale; a violation kind can never be a crossing")
    func boundaries() throws {
        let today = LocalDate(year: 2026, month: 11, day: 26)!
        let ok = try BoundaryRules.crossing(
            date: "2026-11-20", kind: "gift", rationale: "Small card at termination; refusing would shame.", clientResponse: nil, today: today)
        #expect(ok.1 == .gift)
        #expect(
            fieldErrors {
                try BoundaryRules.crossing(date: "2026-11-20", kind: "selfDisclosure", rationale: "Felt right.", clientResponse: nil, today: today)
            } == [FieldError(field: "rationale", message: "Clinical rationale must be at least 20 characters.")])
        let violation = fieldErrors {
            try BoundaryRules.crossing(
                date: "2026-11-20", kind: "sexualContact", rationale: String(repeating: "x", count: 30), clientResponse: nil, today: today)
        }
        #expect(violation.first?.field == "kind")
        #expect(violation.first?.message.contains("never a clinically indicated crossing") == true)
        #expect(throws: TandemError.self) {
            try BoundaryRules.crossing(
                date: "2026-11-27", kind: "gift", rationale: String(repeating: "x", count: 30), clientResponse: nil, today: today)
        }
        #expect(throws: TandemError.self) {
            try BoundaryRules.incident(date: "2026-11-20", kind: "gift", description: "A long enough description", today: today)
        }
        #expect(
            try BoundaryRules.incident(
                date: "2026-11-20", kind: "financialExploitation", description: "Borrowed money from the client.", today: today
            ).1 == .financialExploitation)
    }
}
