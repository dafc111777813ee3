import Foundation
import Testing

@testable import TandemCore

@Suite("Progress notes drafted from the session's record")
struct NoteDraftTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    static let session = Session.ID()
    static let engagement = Engagement.ID()

    static func base(agreement: SessionAgreement?, howFar: HowFar? = nil, progress: String? = nil, skip: String? = nil) -> Session {
        Session(
            id: Self.session, engagementID: Self.engagement, scheduledAt: Self.start, lengthMinutes: 50,
            plan: PhasePlan(opening: 10, work: 30, closing: 10), status: .completed, startedAt: Self.start,
            endedAt: Self.start.addingTimeInterval(50 * 60),
            phaseChanges: [
                PhaseChange(phase: .opening, at: Self.start), PhaseChange(phase: .work, at: Self.start.addingTimeInterval(600)),
                PhaseChange(phase: .closing, at: Self.start.addingTimeInterval(2400)),
            ],
            agreement: agreement, agreementSkipReason: skip, progressNotes: progress, createdAt: Self.start, howFar: howFar)
    }

    static func marker(_ kind: MarkerKind, _ text: String?, _ voice: Voice, at: Int) -> Marker {
        Marker(
            id: .init(), sessionID: Self.session, kind: kind, atSeconds: at, text: text, namedBy: voice, highlighted: false, recordedAt: Self.start)
    }

    static var rich: NoteSource {
        let earlier = Session.ID()
        return NoteSource(
            session: Self.base(
                agreement: SessionAgreement(
                    clientWords: "I want to stop dreading Monday mornings.", focus: "Sunday evenings", recordedAt: Self.start),
                howFar: HowFar(rating: 7, source: .inRoom, at: Self.start), progress: "Slept through three nights"),
            markers: [
                Self.marker(.insight, "I rest when I stop earning it", .client, at: 900),
                Self.marker(.insight, nil, .therapist, at: 1200),
                Self.marker(.affect, "Tearful speaking of her father", .therapist, at: 1500),
                Self.marker(.strength, nil, .client, at: 1800),
            ],
            redirects: [Redirect(id: .init(), sessionID: Self.session, atSeconds: 1300, note: "Back from work gossip", recordedAt: Self.start)],
            questions: [
                (.clarifyGoal, "What would be different on a good Monday?"), (.moveToAction, "What is one small step for this Sunday?"),
                (.clarifyGoal, "Who would notice first?"),
            ],
            takeaways: [
                Takeaway(
                    id: .init(), sessionID: Self.session, text: "Sunday can be mine.", source: .client, permissionAsked: false, atSeconds: 2500,
                    recordedAt: Self.start),
                Takeaway(
                    id: .init(), sessionID: Self.session, text: "Rest is not a reward", source: .therapist, permissionAsked: true, atSeconds: 2600,
                    recordedAt: Self.start),
            ],
            newSteps: [
                ActionStep(
                    id: .init(), engagementID: Self.engagement, sessionID: Self.session, text: "Phone off at ten on Sunday",
                    due: LocalDate("2027-01-17"),
                    createdAt: Self.start, review: nil),
                ActionStep(
                    id: .init(), engagementID: Self.engagement, sessionID: Self.session, text: "Walk after lunch", due: nil, createdAt: Self.start,
                    review: nil),
            ],
            reviewedSteps: [
                ActionStep(
                    id: .init(), engagementID: Self.engagement, sessionID: earlier, text: "Write three worries down", due: nil, createdAt: Self.start,
                    review: ActionReview(status: .partly, clientWords: "Two evenings of five", reviewedAt: Self.start, sessionID: Self.session))
            ],
            measures: [NoteSource.Measure(instrument: "PHQ-9", total: 9, band: "Mild", baseline: 16, change: .improved)],
            zone: TimeZone(identifier: "UTC")!)
    }

    static var sparse: NoteSource {
        NoteSource(
            session: Self.base(agreement: nil, skip: "the client arrived in crisis"), markers: [], redirects: [], questions: [], takeaways: [],
            newSteps: [], reviewedSteps: [], measures: [], zone: TimeZone(identifier: "UTC")!)
    }

    static let richData = """
        Session of 50 minutes, with a distinct opening, work phase and closing.

        Asked where they wanted to go today, the client said: “I want to stop dreading Monday mornings”. Agreed focus: Sunday evenings.

        Since the last session: Slept through three nights.

        Action steps from earlier sessions were reviewed: “Write three worries down”, partly (in the client's words, “Two evenings of five”).

        The therapist asked open, powerful questions to clarify the goal (“What would be different on a good Monday?”, “Who would notice first?”) and to move toward action (“What is one small step for this Sunday?”).

        The conversation was brought back to the agreed focus once (“Back from work gossip”).

        The client's takeaways, in their own words: “Sunday can be mine”. Shared by the therapist with the client's permission: “Rest is not a reward”.
        """
    static let richAssessment = """
        Progress markers highlighted in the session: two new insights, one expression of affect and one demonstrated strength. The client named two of the four themselves.

        In the client's words: “I rest when I stop earning it” (new insight).

        PHQ-9 total 9 (mild), a reliable improvement from the first score of 16.

        Asked how far the session got toward where they wanted to go, the client answered 7 of 10 (in the session).
        """
    static let richPlan =
        "Action steps agreed for the time until the next session: “Phone off at ten on Sunday” (by 17 January 2027); “Walk after lunch”. The client sees them in their portal and ticks them off between sessions."

    @Test("DAP from a rich session: the agreement in the client's words, the review, the interventions, markers by kind, the measure, the plan")
    func richDAP() {
        let sections = NoteDrafter.draft(Self.rich, format: .dap)
        #expect(sections.map(\.title) == ["Data", "Assessment", "Plan"])
        #expect(sections[0].text == Self.richData)
        #expect(sections[1].text == Self.richAssessment)
        #expect(sections[2].text == Self.richPlan)
    }

    @Test("BIRP and SOAP from the same record place the same sentences by their own logic")
    func richBIRPAndSOAP() {
        let birp = NoteDrafter.draft(Self.rich, format: .birp)
        #expect(birp.map(\.title) == ["Behavior", "Intervention", "Response", "Plan"])
        #expect(birp[0].text.hasPrefix("Asked where they wanted to go today"))
        #expect(birp[0].text.hasSuffix("In the client's words: “I rest when I stop earning it” (new insight)."))
        #expect(
            birp[1].text
                == "Session of 50 minutes, with a distinct opening, work phase and closing.\n\nThe therapist asked open, powerful questions to clarify the goal (“What would be different on a good Monday?”, “Who would notice first?”) and to move toward action (“What is one small step for this Sunday?”).\n\nThe conversation was brought back to the agreed focus once (“Back from work gossip”)."
        )
        #expect(birp[2].text.hasPrefix("Progress markers highlighted in the session: two new insights"))
        #expect(birp[2].text.contains("Shared by the therapist with the client's permission: “Rest is not a reward”."))
        #expect(birp[2].text.hasSuffix("PHQ-9 total 9 (mild), a reliable improvement from the first score of 16."))
        #expect(birp[3].text == Self.richPlan)

        let soap = NoteDrafter.draft(Self.rich, format: .soap)
        #expect(soap.map(\.title) == ["Subjective", "Objective", "Assessment", "Plan"])
        #expect(soap[0].text.hasSuffix("The client's takeaways, in their own words: “Sunday can be mine”."), "the client's voice is subjective")
        #expect(soap[1].text.contains("PHQ-9 total 9 (mild)") && soap[1].text.contains("7 of 10 (in the session)"))
        #expect(
            soap[2].text
                == "Progress markers highlighted in the session: two new insights, one expression of affect and one demonstrated strength. The client named two of the four themselves.\n\nShared by the therapist with the client's permission: “Rest is not a reward”."
        )
        #expect(soap[3].text == Self.richPlan)
    }

    @Test("A sparse session: empty parts left out, a section with nothing says so, the plan says none was agreed")
    func sparse() {
        let dap = NoteDrafter.draft(Self.sparse, format: .dap)
        #expect(
            dap.map(\.text) == [
                "Session of 50 minutes, with a distinct opening, work phase and closing.\n\nNo session agreement was made (the client arrived in crisis).",
                "Nothing recorded for this part in the session.", "No new action steps were agreed.",
            ])
        let soap = NoteDrafter.draft(Self.sparse, format: .soap)
        #expect(
            soap.map(\.text) == [
                "No session agreement was made (the client arrived in crisis).",
                "Session of 50 minutes, with a distinct opening, work phase and closing.", "Nothing recorded for this part in the session.",
                "No new action steps were agreed.",
            ])
        let birp = NoteDrafter.draft(Self.sparse, format: .birp)
        #expect(birp[2].text == "Nothing recorded for this part in the session.")
    }

    @Test("Deterministic: the same record gives the same draft, in every format")
    func deterministic() {
        let source = Self.rich
        for format in NoteFormat.allCases {
            #expect(NoteDrafter.draft(source, format: format) == NoteDrafter.draft(source, format: format))
        }
    }

    @Test("Edited sections keep the format's titles in order, each required and bounded; the format by its name")
    func editing() throws {
        let ok = try ProgressNote.validated(
            sections: [.init(title: "Data", text: "d"), .init(title: "Assessment", text: "a"), .init(title: "Plan", text: "p")], format: .dap)
        #expect(ok.map(\.text) == ["d", "a", "p"])
        #expect(throws: TandemError.self) { try ProgressNote.validated(sections: [.init(title: "Plan", text: "p")], format: .dap) }
        let empty: [NoteSection] = [.init(title: "Data", text: ""), .init(title: "Assessment", text: "a"), .init(title: "Plan", text: "p")]
        let refused = #expect(throws: TandemError.self) { try ProgressNote.validated(sections: empty, format: .dap) }
        if case .validation(let errors)? = refused {
            #expect(errors.map(\.field) == ["sections[0].text"], "the field names the section")
        } else {
            Issue.record("an empty section is a validation error")
        }
        #expect(try NoteFormat.validated("soap") == .soap)
        #expect(throws: TandemError.self) { try NoteFormat.validated("narrative") }
    }
}
