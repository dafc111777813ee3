import Foundation
import Testing

@testable import TandemWeb

@Suite("Charts that read at 100 sessions")
struct ChartTests {
    static func labels(_ ticks: [Chart.Tick]) -> [String] { ticks.map(\.label) }

    @Test("Y ticks in 1-2-5 steps, each drawn where its value lies on the axis")
    func yTicks() {
        let whole: (Double) -> String = { String(Int($0.rounded())) }
        let five = Chart.yTicks(min: 0, max: 5, whole: true, format: whole)
        #expect(Self.labels(five) == ["0", "1", "2", "3", "4", "5"], "not 0/1/3/4/5")
        #expect(five.map(\.position) == (0...5).map { Chart.y(Double($0), min: 0, max: 5) }, "the 1 is drawn at 1, not 1.25")
        #expect(Self.labels(Chart.yTicks(min: 0, max: 27, whole: true, format: whole)) == ["0", "5", "10", "15", "20", "25"])
        #expect(Self.labels(Chart.yTicks(min: 0, max: 10, whole: true, format: whole)) == ["0", "2", "4", "6", "8", "10"])
        #expect(Self.labels(Chart.yTicks(min: 20, max: 80, whole: true, format: whole)) == ["20", "30", "40", "50", "60", "70", "80"])
        #expect(Self.labels(Chart.yTicks(min: 0, max: 1, format: { "\(Int(($0 * 100).rounded()))%" })) == ["0%", "20%", "40%", "60%", "80%", "100%"])
        #expect(Self.labels(Chart.yTicks(min: 0, max: 2, whole: true, format: whole)) == ["0", "1", "2"], "counts never step by a half")
        for span in [1.0, 3, 7, 13, 27, 99, 250] {
            let step = Chart.step(span: span, whole: true)
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2, 5].contains(mantissa.rounded()), "\(span): \(step)")
            #expect(span / step <= 6.000_001, "\(span): at most six intervals")
        }
    }

    @Test("A stacked chart's axis ends on a tick above the tallest bar; segments are parted and patterned")
    func stacked() throws {
        let stacks = [[(7, "kind-insight", "New insight"), (6, "kind-cognition", "Changed thought")], [(2, "kind-insight", "New insight")]]
        let chart = Chart.stacked(
            id: "c", title: "t", description: "d", stacks: stacks, labels: ["S1", "S2"],
            legend: [("kind-insight", "New insight"), ("kind-cognition", "Changed thought")])
        #expect(Self.labels(chart.yTicks) == ["0", "5", "10", "15"], "13 markers: the axis runs to 15")
        let first = try #require(chart.bars.first)
        #expect(first.segments.count == 2)
        #expect(first.segments[1].y + first.segments[1].height < first.segments[0].y, "a line of the background parts two kinds")
        #expect(first.segments.map(\.fill) == ["url(#c-kind-insight)", "url(#c-kind-cognition)"])
        #expect(Set(chart.patterns.map(\.marks)).count == 2, "each kind its own pattern")
        #expect(chart.legend.map(\.pattern) == ["url(#c-kind-insight)", "url(#c-kind-cognition)"], "the legend shows the same pattern")
    }

    @Test("X labels thinned so none run into the next, at 3, 30 and 100 points")
    func xTicks() {
        for count in [3, 30, 60, 100] {
            for labels in [(1...count).map { "S\($0)" }, (1...count).map { _ in "12 Dec 2026" }] {
                let ticks = Chart.xTicks(labels) { Chart.x($0, count: count) }
                #expect(!ticks.isEmpty && ticks.first?.label == labels.first)
                let each = Double(labels.map(\.count).max()!) * 7 + 12
                for (a, b) in zip(ticks, ticks.dropFirst()) {
                    #expect(Double(b.position - a.position) >= each - 1, "\(count) × \(labels[0]): \(a.position) and \(b.position)")
                }
                if count == 3 { #expect(ticks.count == 3, "few labels: all of them") }
            }
        }
    }

    @Test("Severity bands carry their names when there is room; points shrink when there are many")
    func bandsAndPoints() {
        func line(_ n: Int) -> Chart.Line {
            Chart.line(
                id: "l", title: "t", description: "d", values: Array(repeating: 5, count: n), labels: (1...n).map { "S\($0)" },
                titles: (1...n).map { "S\($0)" }, min: 0, max: 27,
                bands: [(0, 4, "severity-0", "Minimal"), (4, 9, "severity-1", "Mild"), (20, 27, "severity-4", "Severe"), (4, 4.5, "x", "Thin")],
                highlight: nil, whole: true, format: { String(Int($0)) })
        }
        let chart = line(10)
        #expect(chart.bands.filter { $0.labelY != nil }.map(\.label) == ["Minimal", "Mild", "Severe"], "a band too thin stays unnamed")
        #expect(line(10).pointRadius == 5 && line(30).pointRadius == 3 && line(100).pointRadius == 2)
    }

    /// WCAG's relative luminance of "#rrggbb".
    static func luminance(_ hex: String) -> Double {
        let v = Int(hex.dropFirst(), radix: 16)!
        let channels = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map { c -> Double in
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    static func contrast(_ a: String, _ b: String) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("Every marker and follow-through colour is at least 3:1 against the card and the page")
    func colours() throws {
        let css = try String(contentsOf: Paths.publicFolder.appendingPathComponent("tandem.css"), encoding: .utf8)
        let pattern = try Regex(#"--(kind|follow)-([a-zA-Z]+): (#[0-9a-fA-F]{6})"#)
        let colours = css.matches(of: pattern).map { (String($0.output[2].substring!), String($0.output[3].substring!)) }
        #expect(colours.count == 10, "five marker kinds and five follow-through states")
        for (name, colour) in colours {
            #expect(Self.contrast(colour, "#ffffff") >= 3, "\(name) \(colour) on the card")
            #expect(Self.contrast(colour, "#fbfaf7") >= 3, "\(name) \(colour) on the page")
        }
        #expect(Set(colours.map(\.1)).count == colours.count, "no two kinds share a colour")
    }
}

enum Paths {
    static let publicFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/TandemWeb/Public")
}
