import Foundation
import Testing

@testable import TandemCore

@Suite("Questionnaires: definitions, scoring, reliable change, risk")
struct MeasureTests {
    static let library = try! InstrumentLibrary.bundled()
    static func instrument(_ id: String) -> Instrument { Self.library.instrument(id)! }

    @Test("The four shipped definitions load and are sound")
    func definitions() {
        #expect(Self.library.instruments.map(\.id).sorted() == ["gad7", "pcl5", "phq9", "who5"])
        for i in Self.library.instruments { #expect(i.problems().isEmpty, "\(i.id)") }
        #expect(Self.instrument("phq9").items.count == 9)
        #expect(Self.instrument("gad7").items.count == 7)
        #expect(Self.instrument("who5").items.count == 5)
        #expect(Self.instrument("pcl5").items.count == 20)
    }

    @Test("A broken definition is refused with a clear message naming the file and the problem")
    func brokenDefinition() throws {
        let phq = Self.instrument("phq9")
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(phq)) as! [String: Any]
        json["bands"] = [["min": 0, "max": 4, "label": "Minimal"], ["min": 6, "max": 27, "label": "More"]]
        let data = try JSONSerialization.data(withJSONObject: json)
        do {
            _ = try InstrumentLibrary.decode(data, file: "instrument-phq9.json")
            Issue.record("a gap in the bands was accepted")
        } catch let error as InstrumentLibrary.LoadError {
            #expect(error.description.contains("instrument-phq9.json is broken: bands must cover the total without gaps"))
        }
        #expect(throws: InstrumentLibrary.LoadError.self) { try InstrumentLibrary.decode(Data("{\"id\": 1}".utf8), file: "x.json") }
    }

    @Test(
        "PHQ-9: hand-computed totals and bands, all zeros, all maximum, the item-9 risk flag",
        arguments: [
            ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "Minimal", false),
            ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "Severe", true),
            ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal", false),
            ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild", false),
            ([2, 2, 1, 1, 1, 1, 1, 0, 1], 10, "Moderate", true),
            ([3, 2, 2, 2, 2, 2, 1, 1, 0], 15, "Moderately severe", false),
            ([3, 3, 3, 2, 2, 2, 2, 2, 1], 20, "Severe", true),
        ])
    func phq9(answers: [Int], total: Int, band: String, risk: Bool) throws {
        let score = try Self.instrument("phq9").score(answers)
        #expect(score.total == total)
        #expect(score.band == band)
        #expect(score.riskFlags.map(\.flag) == (risk ? ["phq9Item9"] : []))
    }

    @Test("GAD-7, WHO-5 (raw times 4) and PCL-5 totals and bands")
    func others() throws {
        #expect(try Self.instrument("gad7").score([0, 0, 0, 0, 0, 0, 0]).band == "Minimal")
        #expect(try Self.instrument("gad7").score([3, 3, 3, 3, 3, 3, 3]).total == 21)
        #expect(try Self.instrument("gad7").score([2, 2, 2, 1, 1, 1, 1]).band == "Moderate", "10")
        let who = Self.instrument("who5")
        #expect(try who.score([5, 5, 5, 5, 5]).total == 100)
        #expect(try who.score([0, 0, 0, 0, 0]).total == 0)
        let twelve = try who.score([3, 3, 2, 2, 2])
        #expect(twelve.total == 48, "raw 12 is 48%")
        #expect(twelve.band == "Poor well-being", "raw below 13 flags poor well-being")
        #expect(try who.score([3, 3, 3, 2, 2]).band == "Not flagged", "raw 13 is 52%")
        #expect(try who.score([2, 2, 1, 1, 1]).band == "Very low well-being (screen for depression)", "raw 7 is 28%")
        let pcl = Self.instrument("pcl5")
        #expect(try pcl.score(Array(repeating: 4, count: 20)).total == 80)
        #expect(try pcl.score(Array(repeating: 0, count: 20)).band == "Below the provisional cutoff")
        #expect(try pcl.score([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 0, 0, 0]).total == 31)
        #expect(try pcl.score([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0, 0, 0, 0]).band.hasPrefix("At or above the provisional cutoff"))
    }

    @Test("Incomplete or wrong forms are refused with the item named")
    func refusals() {
        let phq = Self.instrument("phq9")
        #expect(
            fieldErrors { try phq.score([0, 0, 0, 0, 0, 0, 0, 0]) } == [
                FieldError(field: "answers", message: "PHQ-9 has 9 items; 8 answers were given.")
            ])
        #expect(
            fieldErrors { try phq.score([0, 0, nil, 0, 0, 0, 0, 0, 0]) } == [
                FieldError(field: "answers", message: "PHQ-9: answer every item; item 3 is not answered.")
            ])
        #expect(
            fieldErrors { try phq.score([0, nil, 0, 0, 0, 0, 0, 0, nil]) }.first?.message == "PHQ-9: answer every item; items 2, 9 are not answered.")
        #expect(
            fieldErrors { try phq.score([0, 0, 0, 4, 0, 0, 0, 0, 0]) } == [
                FieldError(field: "answers[3]", message: "PHQ-9 item 4 must be one of 0, 1, 2, 3 (it was 4).")
            ])
        #expect(fieldErrors { try Self.instrument("who5").score([6, 0, 0, 0, 0]) }.first?.field == "answers[0]")
    }

    @Test("Reliable change on both sides of the threshold, for worse-is-higher and better-is-higher instruments")
    func reliableChange() {
        let phq = Self.instrument("phq9")
        #expect(phq.reliableChange.threshold == 6)
        #expect(phq.reliableChange(from: 18, to: 12) == .improved, "6 points down")
        #expect(phq.reliableChange(from: 18, to: 13) == .noChange, "5 points down")
        #expect(phq.reliableChange(from: 12, to: 17) == .noChange, "5 points up")
        #expect(phq.reliableChange(from: 12, to: 18) == .deteriorated, "6 points up")
        let who = Self.instrument("who5")
        #expect(who.reliableChange(from: 40, to: 52) == .improved, "12 percentage points up is better")
        #expect(who.reliableChange(from: 40, to: 48) == .noChange)
        #expect(who.reliableChange(from: 60, to: 48) == .deteriorated)
        #expect(Self.instrument("gad7").reliableChange(from: 10, to: 6) == .improved, "4 points")
        #expect(Self.instrument("pcl5").reliableChange(from: 45, to: 36) == .noChange, "9 points")
    }

    @Test("Recovered: from the clinical range to below it with reliable improvement; nil when the baseline was not a case")
    func recovery() {
        let phq = Self.instrument("phq9")
        #expect(phq.recovered(from: 16, to: 8) == true)
        #expect(phq.recovered(from: 12, to: 9) == false, "below the cutoff but not a reliable improvement")
        #expect(phq.recovered(from: 20, to: 12) == false, "reliably better but still a case")
        #expect(phq.recovered(from: 8, to: 2) == nil)
        let who = Self.instrument("who5")
        #expect(who.recovered(from: 40, to: 60) == true)
        #expect(who.recovered(from: 60, to: 80) == nil)
    }

    @Test("A result stands against the engagement's first administration of the instrument")
    func result() {
        let phq = Self.instrument("phq9")
        func admin(_ total: Int) -> Administration {
            Administration(
                id: .init(), engagementID: .init(), instrumentID: "phq9", answers: [], total: total, band: "", riskFlags: [], respondent: .inSession,
                administeredAt: Date(), recordedBy: nil, recordedAt: Date()
            )
        }
        let first = admin(18)
        let second = admin(15)
        let third = admin(9)
        #expect(MeasureResult.of(first, instrument: phq, history: [first]).reliableChange == nil)
        #expect(MeasureResult.of(second, instrument: phq, history: [first, second]).reliableChange == .noChange)
        let last = MeasureResult.of(third, instrument: phq, history: [first, second, third])
        #expect(last.reliableChange == .improved)
        #expect(last.recovered == true)
    }
}

@Suite("Goal Attainment Scaling")
struct GoalAttainmentTests {
    @Test("The T-score formula with rho 0.3 against worked examples")
    func tScore() throws {
        #expect(GoalAttainment.tScore([(1, 0), (1, 0), (1, 0)]) == 50, "every goal as expected")
        // Two goals of weight 1, each +1: 50 + 10 × 2 / √(0.7 × 2 + 0.3 × 4) = 50 + 20 / √2.6 = 62.403
        #expect(abs(try #require(GoalAttainment.tScore([(1, 1), (1, 1)])) - 62.403) < 0.001)
        // Weights 2, 1, 3 at +1, 0, -1: Σwx = -1, Σw² = 14, Σw = 6: 50 − 10 / √(9.8 + 10.8) = 47.797
        #expect(abs(try #require(GoalAttainment.tScore([(2, 1), (1, 0), (3, -1)])) - 47.797) < 0.001)
        // One goal at +2: 50 + 20 / √(0.7 + 0.3) = 70
        #expect(GoalAttainment.tScore([(4, 2)]) == 70)
        #expect(GoalAttainment.tScore([]) == nil)
    }

    @Test("Scales and reviews are checked field by field")
    func validation() throws {
        let goals = ["Sleep through the night", "Say no kindly"]
        let ok = try GoalScale.validated(goalNumber: "2", levels: ["a", "b", "c", "d", "e"], weight: "3", goals: goals)
        #expect(ok.0 == 2 && ok.1 == "Say no kindly" && ok.3 == 3)
        #expect(throws: TandemError.self) { try GoalScale.validated(goalNumber: "3", levels: ["a", "b", "c", "d", "e"], weight: "3", goals: goals) }
        #expect(throws: TandemError.self) { try GoalScale.validated(goalNumber: "1", levels: ["a", "b", nil, "d", "e"], weight: "3", goals: goals) }
        #expect(throws: TandemError.self) { try GoalScale.validated(goalNumber: "1", levels: ["a", "b", "c", "d", "e"], weight: "5", goals: goals) }
        let scale = GoalScale(
            id: .init(), engagementID: .init(), goalNumber: 1, goal: "x", levels: ["a", "b", "c", "d", "e"], weight: 2, createdAt: Date())
        #expect(try GoalAttainment.validated([(scale.id.description, 1)], scales: [scale]) == [scale.id: 1])
        #expect(throws: TandemError.self) { try GoalAttainment.validated([(scale.id.description, 3)], scales: [scale]) }
        #expect(throws: TandemError.self) { try GoalAttainment.validated([], scales: [scale]) }
        #expect(
            throws: TandemError.conflict(code: .noGoalScales, message: "Scale at least one goal (its five levels and weight) before a review.")
        ) {
            try GoalAttainment.validated([], scales: [])
        }
    }
}
