import Foundation

/// Why a safety alert was raised, in words a practitioner acts on: each risk item answered above its threshold,
/// with the item's text, the answer given and the instrument's message.
public struct SafetyReason: Sendable, Equatable {
    public struct Answer: Sendable, Equatable {
        public let item: Int
        public let text: String
        public let answer: Int
        public let answerLabel: String
        public let message: String
    }

    public let instrument: String
    public let instrumentID: String
    public let administeredAt: Date
    public let answers: [Answer]

    public init?(_ a: Administration, instrument: Instrument) {
        let answers = instrument.riskItems.compactMap { risk -> Answer? in
            guard a.answers.indices.contains(risk.number - 1), a.answers[risk.number - 1] > risk.above else { return nil }
            let value = a.answers[risk.number - 1]
            return Answer(
                item: risk.number, text: instrument.items.first { $0.number == risk.number }?.text ?? "Item \(risk.number)", answer: value,
                answerLabel: instrument.options.first { $0.value == value }?.label ?? "\(value)", message: risk.message)
        }
        guard !answers.isEmpty else { return nil }
        self.instrument = instrument.shortName
        self.instrumentID = instrument.id
        self.administeredAt = a.administeredAt
        self.answers = answers
    }

    /// One line per answer: "PHQ-9 item 9, “Thoughts that you would be better off dead …”: Several days (1)".
    public var lines: [String] {
        self.answers.map { "\(self.instrument) item \($0.item), “\($0.text)”: \($0.answerLabel) (\($0.answer))" }
    }
}

/// What the practitioner did about an alert, required to mark it reviewed.
public enum AlertReview {
    public static let noteLimit = 500

    public static func validatedNote(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let note = v.required("note", "What you did", text, max: Self.noteLimit, lines: .multiple)
        try v.check()
        return note
    }
}
