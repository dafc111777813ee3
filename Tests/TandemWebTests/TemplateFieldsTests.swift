import Testing

@testable import TandemWeb

/// The rows that answer their own fields to the templates must answer every stored property, or a template would
/// silently print nothing (or climb to a parent's field of the same name).
@Suite("Template fields")
struct TemplateFieldsTests {
    static var records: [any TemplateRecord] {
        [
            Chart.Tick(position: 1, label: "a"),
            Chart.Band(y: 1, height: 2, cls: "c", label: "l", labelY: 3, pattern: "url(#p)"),
            Chart.Point(x: 1, y: 2, title: "t"),
            Chart.Segment(y: 1, height: 2, cls: "c", title: "t"),
            Chart.Bar(x: 1, width: 2, segments: []),
            ProgressPage.MeasureRow(date: "d", total: 1, band: "b", change: "c", recovered: "r", risk: "item 9"),
            ProgressPage.SessionRow(
                date: "d", markers: [1], clientNamed: 1, clientTakeaways: 1, therapistTakeaways: 1, rate: "r", howFar: "7", follow: [1]),
            EngagementPage.SessionRow(href: "h", when: "w", length: "l", status: "s", statusClass: "c"),
        ]
    }

    @Test("Every stored property of a template record answers by its name; other names do not")
    func everyField() {
        for record in Self.records {
            let labels = Mirror(reflecting: record).children.compactMap(\.label)
            #expect(!labels.isEmpty)
            for label in labels {
                #expect(record.templateValue(named: label) != nil, "\(type(of: record)).\(label) is not answered")
            }
            #expect(record.templateValue(named: "shell") == nil)
        }
    }

    @Test("A wrapped view model reads like Mirror: nested structs, arrays of them, nil falling through")
    func wrapping() {
        struct Inner { let name: String }
        struct Outer {
            let inner: Inner
            let items: [Inner]
            let missing: String?
            let words: [String]
        }
        let outer = TemplateFields(Outer(inner: Inner(name: "a"), items: [Inner(name: "b")], missing: nil, words: ["x"]))
        #expect((outer.child(named: "inner") as? TemplateFields)?.child(named: "name") as? String == "a")
        #expect(((outer.child(named: "items") as? [Any])?.first as? TemplateFields)?.child(named: "name") as? String == "b")
        #expect(outer.child(named: "missing") == nil)
        #expect(outer.child(named: "nothing") == nil)
        #expect(outer.child(named: "words") as? [String] == ["x"], "arrays of plain values stay as they are")
    }
}
