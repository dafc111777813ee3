import Foundation

/// "How far did we get?": at the close the client rates from 0 to 10 how far the session got toward where they
/// wanted to go today, with their agreement beside the scale. Tandem's own one-item partnership check (in the spirit
/// of session rating scales), not a licensed or validated instrument; it is kept per session and read as a trend.
public struct HowFar: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable, CaseIterable {
        /// Said in the room, recorded by the practitioner in the live session.
        case inRoom
        /// Given afterwards by the client in the portal.
        case portal

        public var label: String { self == .inRoom ? "in the session" : "in the portal" }
    }

    public static let question = "How far did we get today toward where you wanted to go?"
    public static let scale = 0...10
    public static let anchors = (low: "Not at all", high: "All the way")
    /// Said wherever the scale or its trend is shown.
    public static let notInstrument = "Tandem’s own one-question check on the partnership, not a licensed or validated questionnaire."
    /// How long after a session the client may still give it in the portal.
    public static let portalDays = 14

    public let rating: Int
    public let source: Source
    public let at: Date

    public init(rating: Int, source: Source, at: Date) {
        self.rating = rating
        self.source = source
        self.at = at
    }

    /// A whole number from 0 to 10, from a form or a JSON number; the error names `rating`.
    public static func validated(_ raw: String?) throws(TandemError) -> Int {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw .validation([FieldError(field: "rating", message: "Choose how far the session got, from 0 to 10.")]) }
        guard let value = Int(text), Self.scale.contains(value) else {
            throw .validation([FieldError(field: "rating", message: "The rating is a whole number from 0 to 10.")])
        }
        return value
    }

    /// The ratings' direction over an engagement, from the least-squares line through them in session order: the
    /// fitted change from the first rated session to the last, in points of the 0–10 scale.
    public static func trend(_ ratings: [Int]) -> Trend? {
        guard ratings.count >= 2 else { return nil }
        let change = Fit.line(ratings.map(Double.init)).change
        return Trend(change: change)
    }

    public struct Trend: Sendable, Equatable {
        public let change: Double
        /// A fitted change of at least one point on the 0–10 scale is a direction; less is steady.
        public var label: String { self.change >= 1 ? "Rising" : self.change <= -1 ? "Falling" : "Steady" }
    }
}

/// The least-squares line through values taken at equal steps (0, 1, 2 …).
public enum Fit {
    public struct Line: Sendable, Equatable {
        public let intercept: Double
        public let slope: Double
        public let count: Int
        /// The fitted value at the last step minus the fitted value at the first.
        public var change: Double { self.slope * Double(max(0, self.count - 1)) }
    }

    public static func line(_ values: [Double]) -> Line {
        let n = Double(values.count)
        guard values.count >= 2 else { return Line(intercept: values.first ?? 0, slope: 0, count: values.count) }
        let meanX = (n - 1) / 2
        let meanY = values.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (i, y) in values.enumerated() {
            let dx = Double(i) - meanX
            sxy += dx * (y - meanY)
            sxx += dx * dx
        }
        let slope = sxx == 0 ? 0 : sxy / sxx
        return Line(intercept: meanY - slope * meanX, slope: slope, count: values.count)
    }
}
