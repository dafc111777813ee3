import Foundation

/// What a progress note is drafted from: the ended session's own record, nothing typed from memory.
public struct NoteSource: Sendable {
    /// One questionnaire given in the session, with its change from the engagement's first.
    public struct Measure: Sendable {
        public let instrument: String
        public let total: Int
        public let band: String
        public let baseline: Int?
        public let change: ReliableChangeStatus?

        public init(instrument: String, total: Int, band: String, baseline: Int?, change: ReliableChangeStatus?) {
            self.instrument = instrument
            self.total = total
            self.band = band
            self.baseline = baseline
            self.change = change
        }
    }

    public let session: Session
    public let markers: [Marker]
    public let redirects: [Redirect]
    public let questions: [(purpose: QuestionPurpose, text: String)]
    public let takeaways: [Takeaway]
    /// Steps agreed in this session: the plan.
    public let newSteps: [ActionStep]
    /// Earlier steps reviewed in this session's opening.
    public let reviewedSteps: [ActionStep]
    public let measures: [Measure]
    /// Dates of due steps are written in the practitioner's zone.
    public let zone: TimeZone

    public init(
        session: Session, markers: [Marker], redirects: [Redirect], questions: [(purpose: QuestionPurpose, text: String)], takeaways: [Takeaway],
        newSteps: [ActionStep], reviewedSteps: [ActionStep], measures: [Measure], zone: TimeZone
    ) {
        self.session = session
        self.markers = markers
        self.redirects = redirects
        self.questions = questions
        self.takeaways = takeaways
        self.newSteps = newSteps
        self.reviewedSteps = reviewedSteps
        self.measures = measures
        self.zone = zone
    }
}

/// Drafts a progress note in plain clinical prose from the session's record, deterministically: the same record
/// gives the same draft. Parts with nothing recorded are left out; a section with nothing at all says so.
public enum NoteDrafter {
    public static func draft(_ source: NoteSource, format: NoteFormat) -> [NoteSection] {
        let p = Parts(source)
        let groups: [[String?]] =
            switch format {
            case .dap:
                [
                    [p.structure, p.agreement, p.sinceLast, p.review, p.interventions, p.redirects, p.takeaways],
                    [p.markers, p.clientWords, p.measures, p.howFar],
                    [p.plan],
                ]
            case .birp:
                [
                    [p.agreement, p.sinceLast, p.review, p.clientWords],
                    [p.structure, p.interventions, p.redirects],
                    [p.markers, p.takeaways, p.howFar, p.measures],
                    [p.plan],
                ]
            case .soap:
                [
                    [p.agreement, p.sinceLast, p.review, p.clientWords, p.clientTakeaways],
                    [p.structure, p.interventions, p.redirects, p.measures, p.howFar],
                    [p.markers, p.therapistTakeaways],
                    [p.plan],
                ]
            }
        return zip(format.titles, groups).map { title, parts in
            let text = parts.compactMap { $0 }.joined(separator: "\n\n")
            return NoteSection(title: title, text: text.isEmpty ? "Nothing recorded for this part in the session." : text)
        }
    }

    /// "“text”" with the text's own closing stop removed, so a sentence around it reads once.
    static func quoted(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = t.last, ".;,".contains(last) { t.removeLast() }
        return "“\(t)”"
    }

    /// Ends a sentence with a full stop unless it already ends with one.
    static func sentence(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let last = t.last else { return t }
        return ".!?”".contains(last) ? t : t + "."
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(Self.number(n)) \(n == 1 ? one : many)" }

    /// Numbers up to ten in words, as clinical prose writes them.
    static func number(_ n: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return n >= 0 && n < words.count ? words[n] : String(n)
    }

    static func noun(_ kind: MarkerKind, _ n: Int) -> String {
        switch kind {
        case .insight: n == 1 ? "new insight" : "new insights"
        case .cognition: n == 1 ? "changed thought" : "changed thoughts"
        case .affect: n == 1 ? "expression of affect" : "expressions of affect"
        case .strength: n == 1 ? "demonstrated strength" : "demonstrated strengths"
        case .reflection: n == 1 ? "moment of honest self-reflection" : "moments of honest self-reflection"
        }
    }

    static func purpose(_ p: QuestionPurpose) -> String {
        switch p {
        case .clarifyGoal: "to clarify the goal"
        case .raiseStakes: "to raise the stakes"
        case .findStrength: "to find the client's strengths"
        case .moveToAction: "to move toward action"
        case .consolidate: "to consolidate what was learned"
        }
    }

    /// The sentences a note is made of; each nil when the session recorded nothing for it.
    struct Parts {
        let structure: String?
        let agreement: String?
        let sinceLast: String?
        let review: String?
        let interventions: String?
        let redirects: String?
        let markers: String?
        let clientWords: String?
        let takeaways: String?
        let clientTakeaways: String?
        let therapistTakeaways: String?
        let howFar: String?
        let measures: String?
        let plan: String

        init(_ s: NoteSource) {
            let session = s.session
            if let start = session.startedAt, let end = session.endedAt {
                let minutes = Int((end.timeIntervalSince(start) / 60).rounded())
                let phases = Set(session.phaseChanges.map(\.phase))
                let all = Phase.allCases.allSatisfy { phases.contains($0) }
                self.structure =
                    (minutes < 1 ? "Session of under a minute" : "Session of \(minutes) minute\(minutes == 1 ? "" : "s")")
                    + (all ? ", with a distinct opening, work phase and closing." : ".")
            } else {
                self.structure = nil
            }
            if let a = session.agreement {
                self.agreement =
                    "Asked where they wanted to go today, the client said: \(NoteDrafter.quoted(a.clientWords)). "
                    + "Agreed focus: \(NoteDrafter.sentence(a.focus))"
            } else if let reason = session.agreementSkipReason {
                self.agreement = "No session agreement was made (\(reason.trimmingCharacters(in: .whitespacesAndNewlines)))."
            } else {
                self.agreement = nil
            }
            self.sinceLast = session.progressNotes.map { "Since the last session: \(NoteDrafter.sentence($0))" }
            self.review =
                s.reviewedSteps.isEmpty
                ? nil
                : "Action steps from earlier sessions were reviewed: "
                    + s.reviewedSteps.map { step in
                        let r = step.review
                        let status = r.map { $0.status.label.lowercased() } ?? "not reviewed"
                        let words = r?.clientWords.map { " (in the client's words, \(NoteDrafter.quoted($0)))" } ?? ""
                        return "\(NoteDrafter.quoted(step.text)), \(status)\(words)"
                    }.joined(separator: "; ") + "."
            let byPurpose = QuestionPurpose.allCases.compactMap { p -> String? in
                let asked = s.questions.filter { $0.purpose == p }
                guard !asked.isEmpty else { return nil }
                return "\(NoteDrafter.purpose(p)) (\(asked.map { NoteDrafter.quoted($0.text) }.joined(separator: ", ")))"
            }
            self.interventions =
                byPurpose.isEmpty ? nil : "The therapist asked open, powerful questions \(NoteDrafter.list(byPurpose))."
            if s.redirects.isEmpty {
                self.redirects = nil
            } else {
                let n = s.redirects.count
                let notes = s.redirects.compactMap(\.note).map { NoteDrafter.quoted($0) }
                self.redirects =
                    "The conversation was brought back to the agreed focus \(n == 1 ? "once" : n == 2 ? "twice" : "\(NoteDrafter.number(n)) times")"
                    + (notes.isEmpty ? "." : " (\(notes.joined(separator: "; "))).")
            }
            let counts = MarkerKind.allCases.compactMap { kind -> String? in
                let n = s.markers.filter { $0.kind == kind }.count
                return n == 0 ? nil : NoteDrafter.count(n, NoteDrafter.noun(kind, 1), NoteDrafter.noun(kind, n))
            }
            if counts.isEmpty {
                self.markers = nil
            } else {
                let named = s.markers.filter { $0.namedBy == .client }.count
                self.markers =
                    "Progress markers highlighted in the session: \(NoteDrafter.list(counts)). "
                    + (named == 0
                        ? "All were named by the therapist."
                        : named == s.markers.count
                            ? "The client named \(s.markers.count == 1 ? "it" : "each of them") themselves."
                            : "The client named \(NoteDrafter.number(named)) of the \(NoteDrafter.number(s.markers.count)) themselves.")
            }
            let spoken = s.markers.filter { $0.namedBy == .client && $0.text != nil }
            self.clientWords =
                spoken.isEmpty
                ? nil
                : "In the client's words: "
                    + spoken.map { "\(NoteDrafter.quoted($0.text!)) (\(NoteDrafter.noun($0.kind, 1)))" }.joined(separator: "; ") + "."
            let fromClient = s.takeaways.filter { $0.source == .client }
            let fromTherapist = s.takeaways.filter { $0.source == .therapist }
            self.clientTakeaways =
                fromClient.isEmpty
                ? nil
                : "The client's takeaways, in their own words: \(fromClient.map { NoteDrafter.quoted($0.text) }.joined(separator: "; "))."
            self.therapistTakeaways =
                fromTherapist.isEmpty
                ? nil
                : fromTherapist.map { t in
                    (t.permissionAsked ? "Shared by the therapist with the client's permission: " : "Offered by the therapist: ")
                        + "\(NoteDrafter.quoted(t.text))."
                }.joined(separator: " ")
            let both = [self.clientTakeaways, self.therapistTakeaways].compactMap { $0 }
            self.takeaways = both.isEmpty ? nil : both.joined(separator: " ")
            self.howFar = session.howFar.map {
                "Asked how far the session got toward where they wanted to go, the client answered \($0.rating) of 10 (\($0.source.label))."
            }
            self.measures =
                s.measures.isEmpty
                ? nil
                : s.measures.map { m in
                    let change: String
                    switch (m.baseline, m.change) {
                    case (let baseline?, .improved?): change = "a reliable improvement from the first score of \(baseline)"
                    case (let baseline?, .deteriorated?): change = "a reliable deterioration from the first score of \(baseline)"
                    case (let baseline?, .noChange?): change = "no reliable change from the first score of \(baseline)"
                    default: change = "the first score of the engagement"
                    }
                    return "\(m.instrument) total \(m.total) (\(m.band.lowercased())), \(change)."
                }.joined(separator: " ")
            self.plan =
                s.newSteps.isEmpty
                ? "No new action steps were agreed."
                : "Action steps agreed for the time until the next session: "
                    + s.newSteps.map { step in
                        NoteDrafter.quoted(step.text) + (step.due.map { " (by \(NoteDrafter.date($0)))" } ?? "")
                    }.joined(separator: "; ") + ". The client sees them in their portal and ticks them off between sessions."
        }
    }

    static func date(_ day: LocalDate) -> String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(day.day) \(months[day.month - 1]) \(day.year)"
    }
}
