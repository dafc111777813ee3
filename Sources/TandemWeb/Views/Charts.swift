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
        /// How the label sits on its position: "middle", or "start"/"end" at the plot's edges so it is not cut off.
        var anchor: String = "middle"
        /// Every other label under the plot: hidden on a phone, where the labels are drawn larger.
        var minor: Bool = false
    }
    struct Band: Sendable {
        let y: Int
        let height: Int
        let cls: String
        let label: String
        /// Where the band's name is written inside it, or nil when the band is too thin to hold it.
        var labelY: Int? = nil
        /// The pattern that fills this kind's swatch and segments (stacked charts), or nil.
        var pattern: String? = nil
    }
    /// A fill for one kind: its colour with a pattern over it, so kinds differ in more than colour.
    struct Pattern: Sendable {
        let id: String
        let cls: String
        /// White marks drawn over the colour in a 6 × 6 tile (empty: plain colour).
        let marks: String
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
        /// The kind's pattern, `url(#…)`.
        var fill: String = ""
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
        /// Smaller points when there are many, so a hundred sessions do not merge into one line of rings.
        let pointRadius: Int
        let bandLabelX: Int
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
        let patterns: [Pattern]
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

    /// The step between ticks: 1, 2 or 5 times a power of ten, the smallest that keeps to `intervals` or fewer
    /// (whole numbers only when the values are counts).
    static func step(span: Double, intervals: Int = 6, whole: Bool = false) -> Double {
        guard span > 0 else { return 1 }
        let raw = span / Double(intervals)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        return whole ? Swift.max(1, step.rounded(.up)) : step
    }

    /// Ticks at every multiple of a 1-2-5 step from `min` to `max`, each drawn where its value lies on the axis.
    static func yTicks(min: Double, max: Double, whole: Bool = false, format: (Double) -> String) -> [Tick] {
        let step = Self.step(span: max - min, whole: whole)
        let first = (min / step).rounded(.up)
        let last = (max / step + 1e-9).rounded(.down)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { n in
            let value = n * step
            return Tick(position: y(value, min: min, max: max), label: format(value))
        }
    }

    /// Labels under the plot, thinned to fit: every k-th (k of 1, 2, 5, 10, …) so none run into the next.
    static func xTicks(_ labels: [String], room: Double = plotWidth, position: (Int) -> Int) -> [Tick] {
        guard let widest = labels.map(\.count).max() else { return [] }
        let each = Double(widest) * 7 + 12  // 12-unit text is about 7 units a character, and a gap
        let fit = Swift.max(1, Int(room / each))
        let k = Int(Self.step(span: Double(labels.count), intervals: fit, whole: true))
        return labels.indices.filter { $0 % k == 0 }.enumerated().map { n, i in
            let x = position(i)
            let half = Double(labels[i].count) * 5.6  // at the phone's larger size
            let anchor = Double(x) - half < 2 ? "start" : Double(x) + half > width - 2 ? "end" : "middle"
            return Tick(position: x, label: labels[i], anchor: anchor, minor: n % 2 == 1)
        }
    }

    static func line(
        id: String, title: String, description: String, values: [Double], labels: [String], titles: [String], min: Double, max: Double,
        bands: [(Double, Double, String, String)], highlight: (Double, Double, String)?, trend: (Double, Double)? = nil, whole: Bool = false,
        format: @escaping (Double) -> String
    ) -> Line {
        let points = values.enumerated().map { i, v in Point(x: x(i, count: values.count), y: y(v, min: min, max: max), title: titles[i]) }
        func band(_ low: Double, _ high: Double, _ cls: String, _ label: String, named: Bool) -> Band {
            let top = y(high, min: min, max: max)
            let height = Swift.max(1, y(low, min: min, max: max) - top)
            return Band(y: top, height: height, cls: cls, label: label, labelY: named && height >= 15 ? top + height / 2 : nil)
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
            bands: bands.map { band($0.0, $0.1, $0.2, $0.3, named: true) },
            highlight: highlight.map { band($0.0, $0.1, "reliable", $0.2, named: false) },
            points: points, polyline: points.map { "\($0.x),\($0.y)" }.joined(separator: " "), trend: trendLine,
            yTicks: yTicks(min: min, max: max, whole: whole, format: format),
            xTicks: xTicks(labels) { x($0, count: labels.count) },
            plotLeft: Int(left), plotRight: Int(width - right), plotBottom: Int(height - bottom),
            pointRadius: values.count <= 20 ? 5 : values.count <= 50 ? 3 : 2, bandLabelX: Int(width - right) - 6
        )
    }

    /// A pattern for each of up to six kinds, in order: plain, diagonal, dots, horizontal, cross-hatch, vertical.
    static let patternMarks = [
        "", "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", "M1.5,1.5 h1.5 v1.5 h-1.5 z M4.5,4.5 h1.5 v1.5 h-1.5 z", "M0,1.5 h6 M0,4.5 h6",
        "M0,0 l6,6 M6,0 l-6,6", "M1.5,0 v6 M4.5,0 v6",
    ]

    /// `stacks[i]` is the segments of bar i as (value, class, label); `legend` names each class once, in order, and
    /// gives it its pattern. Segments are parted by a line of the background, so no two colours touch.
    static func stacked(
        id: String, title: String, description: String, stacks: [[(Int, String, String)]], labels: [String], legend: [(String, String)]
    ) -> Stacked {
        let largest = Swift.max(1, stacks.map { $0.map(\.0).reduce(0, +) }.max() ?? 1)
        // The axis ends on a tick, so the top of the tallest bar can be read against one.
        let step = Self.step(span: Double(largest), whole: true)
        let maxTotal = Int((Double(largest) / step).rounded(.up) * step)
        let slot = plotWidth / Double(Swift.max(1, stacks.count))
        let barWidth = Swift.max(1, Int(Swift.min(48, slot * 0.6)))
        let patterns = legend.enumerated().map { i, kind in
            Pattern(id: "\(id)-\(kind.0)", cls: kind.0, marks: Self.patternMarks[i % Self.patternMarks.count])
        }
        let patternOf = Dictionary(uniqueKeysWithValues: patterns.map { ($0.cls, "url(#\($0.id))") })
        let bars = stacks.enumerated().map { i, stack -> Bar in
            var base = 0
            var segments: [Segment] = []
            for (value, cls, label) in stack where value > 0 {
                let top = y(Double(base + value), min: 0, max: Double(maxTotal))
                let bottom = y(Double(base), min: 0, max: Double(maxTotal))
                let height = bottom - top
                segments.append(
                    Segment(
                        y: top + (height > 2 ? 1 : 0), height: Swift.max(1, height - (height > 2 ? 1 : 0)), cls: cls,
                        title: "\(labels[i]): \(label) \(value)", fill: patternOf[cls] ?? ""))
                base += value
            }
            return Bar(x: Int(left + slot * Double(i) + (slot - Double(barWidth)) / 2), width: barWidth, segments: segments)
        }
        return Stacked(
            id: id, title: title, description: description, bars: bars,
            yTicks: yTicks(min: 0, max: Double(maxTotal), whole: true, format: { String(Int($0.rounded())) }),
            xTicks: xTicks(labels) { Int(left + slot * (Double($0) + 0.5)) },
            legend: legend.map { Band(y: 0, height: 0, cls: $0.0, label: $0.1, pattern: patternOf[$0.0]) },
            patterns: patterns,
            plotLeft: Int(left), plotRight: Int(width - right), plotBottom: Int(height - bottom)
        )
    }
}
