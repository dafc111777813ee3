import Foundation

/// Charts drawn on the server as SVG: numbers placed in a fixed 600 x 240 viewBox, rendered by the `chart` partials.
/// Every chart has a title and a description, and its page shows the same numbers in a table beside it.
enum Chart {
    static let width = 600.0
    static let height = 240.0
    static let left = 44.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 36.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    struct Tick: Sendable {
        let position: Int
        let label: String
    }
    struct Band: Sendable {
        let y: Int
        let height: Int
        let cls: String
        let label: String
    }
    struct Point: Sendable {
        let x: Int
        let y: Int
        let title: String
    }
    struct Segment: Sendable {
        let y: Int
        let height: Int
        let cls: String
        let title: String
    }
    struct Bar: Sendable {
        let x: Int
        let width: Int
        let segments: [Segment]
    }

    /// A line over bands (e.g. questionnaire totals over time with severity shading and the reliable-change band).
    struct Line: Sendable {
        let id: String
        let title: String
        let description: String
        let bands: [Band]
        let highlight: Band?
        let points: [Point]
        let polyline: String
        let trend: String?
        let yTicks: [Tick]
        let xTicks: [Tick]
        let plotLeft: Int
        let plotRight: Int
        let plotBottom: Int
    }

    /// Stacked bars, one per session.
    struct Stacked: Sendable {
        let id: String
        let title: String
        let description: String
        let bars: [Bar]
        let yTicks: [Tick]
        let xTicks: [Tick]
        let legend: [Band]
        let plotLeft: Int
        let plotRight: Int
        let plotBottom: Int
    }

    static func y(_ value: Double, min: Double, max: Double) -> Int {
        let span = max - min
        let fraction = span == 0 ? 0 : (value - min) / span
        return Int((top + plotHeight * (1 - fraction)).rounded())
    }

    static func x(_ index: Int, count: Int) -> Int {
        guard count > 1 else { return Int(left + plotWidth / 2) }
        return Int((left + plotWidth * Double(index) / Double(count - 1)).rounded())
    }

    static func yTicks(min: Double, max: Double, steps: Int, format: (Double) -> String) -> [Tick] {
        (0...steps).map { i in
            let v = min + (max - min) * Double(i) / Double(steps)
            return Tick(position: y(v, min: min, max: max), label: format(v))
        }
    }

    static func line(
        id: String, title: String, description: String, values: [Double], labels: [String], titles: [String], min: Double, max: Double,
        bands: [(Double, Double, String, String)], highlight: (Double, Double, String)?, trend: (Double, Double)? = nil,
        format: @escaping (Double) -> String
    ) -> Line {
        let points = values.enumerated().map { i, v in Point(x: x(i, count: values.count), y: y(v, min: min, max: max), title: titles[i]) }
        func band(_ low: Double, _ high: Double, _ cls: String, _ label: String) -> Band {
            let top = y(high, min: min, max: max)
            return Band(y: top, height: Swift.max(1, y(low, min: min, max: max) - top), cls: cls, label: label)
        }
        var trendLine: String?
        if let (slope, intercept) = trend, values.count >= 2 {
            let a = (0, intercept)
            let b = (values.count - 1, intercept + slope * Double(values.count - 1))
            trendLine =
                "\(x(a.0, count: values.count)),\(y(Swift.min(max, Swift.max(min, a.1)), min: min, max: max)) "
                + "\(x(b.0, count: values.count)),\(y(Swift.min(max, Swift.max(min, b.1)), min: min, max: max))"
        }
        return Line(
            id: id, title: title, description: description,
            bands: bands.map { band($0.0, $0.1, $0.2, $0.3) },
            highlight: highlight.map { band($0.0, $0.1, "reliable", $0.2) },
            points: points, polyline: points.map { "\($0.x),\($0.y)" }.joined(separator: " "), trend: trendLine,
            yTicks: yTicks(min: min, max: max, steps: 4, format: format),
            xTicks: labels.enumerated().map { Tick(position: x($0.offset, count: labels.count), label: $0.element) },
            plotLeft: Int(left), plotRight: Int(width - right), plotBottom: Int(height - bottom)
        )
    }

    /// `stacks[i]` is the segments of bar i as (value, class, label); `legend` names each class once.
    static func stacked(
        id: String, title: String, description: String, stacks: [[(Int, String, String)]], labels: [String], legend: [(String, String)]
    ) -> Stacked {
        let maxTotal = Swift.max(1, stacks.map { $0.map(\.0).reduce(0, +) }.max() ?? 1)
        let slot = plotWidth / Double(Swift.max(1, stacks.count))
        let barWidth = Int(Swift.min(48, slot * 0.6))
        let bars = stacks.enumerated().map { i, stack -> Bar in
            var base = 0
            var segments: [Segment] = []
            for (value, cls, label) in stack where value > 0 {
                let top = y(Double(base + value), min: 0, max: Double(maxTotal))
                let bottom = y(Double(base), min: 0, max: Double(maxTotal))
                segments.append(Segment(y: top, height: bottom - top, cls: cls, title: "\(labels[i]): \(label) \(value)"))
                base += value
            }
            return Bar(x: Int(left + slot * Double(i) + (slot - Double(barWidth)) / 2), width: barWidth, segments: segments)
        }
        let steps = Swift.min(4, maxTotal)
        return Stacked(
            id: id, title: title, description: description, bars: bars,
            yTicks: yTicks(min: 0, max: Double(maxTotal), steps: steps, format: { String(Int($0.rounded())) }),
            xTicks: labels.enumerated().map { Tick(position: Int(left + slot * (Double($0.offset) + 0.5)), label: $0.element) },
            legend: legend.map { Band(y: 0, height: 0, cls: $0.0, label: $0.1) },
            plotLeft: Int(left), plotRight: Int(width - right), plotBottom: Int(height - bottom)
        )
    }
}
