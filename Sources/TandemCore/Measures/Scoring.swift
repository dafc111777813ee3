import Foundation

/// A scored form.
public struct MeasureScore: Sendable, Equatable {
    /// The total as reported (for the WHO-5, the percentage: raw times 4).
    public let total: Int
    public let band: String
    public let riskFlags: [Instrument.RiskItem]
}

/// Reliable change (Jacobson and Truax 1991) against the engagement's first administration of the same instrument.
public enum ReliableChangeStatus: String, Sendable, Equatable, Codable {
    case improved, noChange, deteriorated

    public var label: String {
        switch self {
        case .improved: "Reliably improved"
        case .noChange: "No reliable change"
        case .deteriorated: "Reliably deteriorated"
        }
    }
}

extension Instrument {
    /// Scores every item answer. A wrong number of answers, a value outside the options or an unanswered item (null)
    /// is refused with the item named (the published totals are defined on complete forms: `missingItems.rule`).
    public func score(_ answers: [Int?]) throws(TandemError) -> MeasureScore {
        guard answers.count == self.items.count else {
            throw .invalid("answers", "\(self.shortName) has \(self.items.count) items; \(answers.count) answers were given.")
        }
        var v = Validator()
        let allowed = Set(self.options.map(\.value))
        let missing = answers.enumerated().filter { $0.element == nil }.map { $0.offset + 1 }
        if !missing.isEmpty {
            let list = missing.map(String.init).joined(separator: ", ")
            v.fail(
                "answers",
                "\(self.shortName): answer every item; item\(missing.count == 1 ? "" : "s") \(list) \(missing.count == 1 ? "is" : "are") not answered."
            )
        }
        for (i, answer) in answers.enumerated() {
            if let answer, !allowed.contains(answer) {
                v.fail(
                    "answers[\(i)]",
                    "\(self.shortName) item \(i + 1) must be one of \(self.options.map { String($0.value) }.joined(separator: ", ")) (it was \(answer))."
                )
            }
        }
        try v.check()
        let values = answers.map { $0! }
        let total = values.reduce(0, +) * self.scoring.multiplier
        let risks = self.riskItems.filter { values[$0.number - 1] > $0.above }
        return MeasureScore(total: total, band: self.band(of: total)?.label ?? "", riskFlags: risks)
    }

    /// Reliable change from `baseline` to `total`: a change of at least the instrument's threshold (the change for
    /// which the Jacobson–Truax reliable change index exceeds 1.96, see `reliableChange.formula`), in the better or
    /// the worse direction.
    public func reliableChange(from baseline: Int, to total: Int) -> ReliableChangeStatus {
        let change = self.higherIsBetter ? total - baseline : baseline - total
        if change >= self.reliableChange.threshold { return .improved }
        if -change >= self.reliableChange.threshold { return .deteriorated }
        return .noChange
    }

    /// Recovered (Jacobson and Truax's clinically significant change): the baseline was in the clinical range, the
    /// total is not, and the improvement is reliable. Nil when the baseline was not in the clinical range.
    public func recovered(from baseline: Int, to total: Int) -> Bool? {
        guard self.clinicalCutoff.isCase(baseline) else { return nil }
        return !self.clinicalCutoff.isCase(total) && self.reliableChange(from: baseline, to: total) == .improved
    }
}

/// Who answered: the client in their portal, or the client in session with the therapist.
public enum Respondent: String, Sendable, Codable, CaseIterable {
    case clientPortal, inSession

    public var label: String { self == .clientPortal ? "Client, in the portal" : "In session, with the therapist" }
}

/// One administration of an instrument: every item answer, never only the total.
public struct Administration: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Administration>
    public let id: ID
    public let engagementID: Engagement.ID
    public let instrumentID: String
    public let answers: [Int]
    public let total: Int
    public let band: String
    public let riskFlags: [String]
    public let respondent: Respondent
    public let administeredAt: Date
    public let recordedBy: Account.ID?
    public let recordedAt: Date

    public init(
        id: ID, engagementID: Engagement.ID, instrumentID: String, answers: [Int], total: Int, band: String, riskFlags: [String],
        respondent: Respondent,
        administeredAt: Date, recordedBy: Account.ID?, recordedAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.instrumentID = instrumentID
        self.answers = answers
        self.total = total
        self.band = band
        self.riskFlags = riskFlags
        self.respondent = respondent
        self.administeredAt = administeredAt
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// An administration with where it stands against the engagement's first one of the same instrument.
public struct MeasureResult: Sendable, Equatable {
    public let administration: Administration
    public let reliableChange: ReliableChangeStatus?
    public let recovered: Bool?

    /// `history` is every administration of the same instrument in the engagement, oldest first, including this one.
    public static func of(_ a: Administration, instrument: Instrument, history: [Administration]) -> MeasureResult {
        guard let baseline = history.first, baseline.id != a.id else { return MeasureResult(administration: a, reliableChange: nil, recovered: nil) }
        return MeasureResult(
            administration: a, reliableChange: instrument.reliableChange(from: baseline.total, to: a.total),
            recovered: instrument.recovered(from: baseline.total, to: a.total)
        )
    }
}
