import Mustache
import Synchronization

/// A view model as templates see it: its stored properties looked up by name through a table kept per type.
///
/// swift-mustache finds `{{name}}` with `Mirror`, reading every stored property of every object on the context stack
/// (each read resolves the field's type by its mangled name) and then filtering by label. On the engagement page that
/// was half of the request's time. Wrapped in `TemplateFields`, a lookup is one dictionary hit on the type's table
/// and one read of the matching field; a name the type does not have is answered from the table without reflection.
/// Lookup rules stay the same: stored properties only, a `nil` field falls through to the enclosing context.
struct TemplateFields: MustacheParent, CustomStringConvertible {
    let base: Any

    init(_ base: Any) { self.base = base }

    func child(named name: String) -> Any? {
        guard let value = self.field(named: name), let present = Self.unwrapped(value) else { return nil }
        return Self.wrap(present)
    }

    /// The stored property, from the row itself when it answers by name, else read by its offset.
    private func field(named name: String) -> Any? {
        if let record = self.base as? any TemplateRecord { return record.templateValue(named: name) }
        guard let offset = FieldTables.offset(of: name, in: self.base) else { return nil }
        let children = Mirror(reflecting: self.base).children
        return children[children.index(children.startIndex, offsetBy: offset)].value
    }

    var description: String { String(describing: self.base) }

    /// A struct view model comes back wrapped; arrays of them come back as arrays of wrapped elements; everything
    /// Mustache treats specially (strings, numbers, booleans, transformable or renderable values) is left alone.
    static func wrap(_ value: Any) -> Any {
        if let array = value as? any TemplateArray {
            return array.wrappedElements()
        }
        return FieldTables.isViewModel(value) ? TemplateFields(value) : value
    }

    private static func unwrapped(_ value: Any) -> Any? {
        if let optional = value as? any TemplateOptional { return optional.wrappedValue }
        return value
    }
}

/// A row type repeated hundreds of times on a page (chart points, table rows) answers its fields by name itself, so
/// a lookup needs no reflection at all. It must answer every stored property (a test checks it against Mirror).
protocol TemplateRecord {
    func templateValue(named name: String) -> Any?
}

private protocol TemplateOptional {
    var wrappedValue: Any? { get }
}

extension Optional: TemplateOptional {
    var wrappedValue: Any? {
        switch self {
        case .some(let value): (value as? any TemplateOptional).map { $0.wrappedValue } ?? value
        case .none: nil
        }
    }
}

private protocol TemplateArray {
    func wrappedElements() -> Any
}

extension Array: TemplateArray {
    /// The same array when its elements are plain values (so `sorted` and friends still apply), else the elements
    /// wrapped.
    func wrappedElements() -> Any {
        guard let first, FieldTables.isViewModel(first) else { return self }
        return self.map { TemplateFields.wrap($0) }
    }
}

/// Per type: whether it is a view model struct, and the offsets of its stored properties by name.
private enum FieldTables {
    struct Table {
        let isViewModel: Bool
        let offsets: [String: Int]
    }

    static let tables = Mutex<[ObjectIdentifier: Table]>([:])

    static func table(for value: Any) -> Table {
        let key = ObjectIdentifier(type(of: value))
        if let table = tables.withLock({ $0[key] }) { return table }
        let mirror = Mirror(reflecting: value)
        var offsets: [String: Int] = [:]
        for (offset, child) in mirror.children.enumerated() {
            if let label = child.label, offsets[label] == nil { offsets[label] = offset }
        }
        let special =
            value is any MustacheTransformable || value is any MustacheCustomRenderable || value is any MustacheParent
            || value is MustacheLambda || value is any MustacheCustomRepresentation || value is any CustomStringConvertible
            || value is any MustacheSequence
        let table = Table(isViewModel: mirror.displayStyle == .struct && !special, offsets: offsets)
        tables.withLock { $0[key] = table }
        return table
    }

    static func isViewModel(_ value: Any) -> Bool { table(for: value).isViewModel }

    static func offset(of name: String, in value: Any) -> Int? { table(for: value).offsets[name] }
}

extension Chart.Tick: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "position": self.position
        case "label": self.label
        case "anchor": self.anchor
        case "minor": self.minor
        default: nil
        }
    }
}

extension Chart.Band: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "y": self.y
        case "height": self.height
        case "cls": self.cls
        case "label": self.label
        case "labelY": self.labelY
        case "pattern": self.pattern
        default: nil
        }
    }
}

extension Chart.Point: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "y": self.y
        case "title": self.title
        default: nil
        }
    }
}

extension Chart.Segment: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "y": self.y
        case "height": self.height
        case "cls": self.cls
        case "title": self.title
        case "fill": self.fill
        default: nil
        }
    }
}

extension Chart.Bar: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "x": self.x
        case "width": self.width
        case "segments": self.segments
        default: nil
        }
    }
}

extension ProgressPage.MeasureRow: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "date": self.date
        case "total": self.total
        case "band": self.band
        case "change": self.change
        case "recovered": self.recovered
        case "risk": self.risk
        default: nil
        }
    }
}

extension ProgressPage.SessionRow: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "date": self.date
        case "markers": self.markers
        case "clientNamed": self.clientNamed
        case "clientTakeaways": self.clientTakeaways
        case "therapistTakeaways": self.therapistTakeaways
        case "rate": self.rate
        case "howFar": self.howFar
        case "follow": self.follow
        default: nil
        }
    }
}

extension EngagementPage.SessionRow: TemplateRecord {
    func templateValue(named name: String) -> Any? {
        switch name {
        case "href": self.href
        case "when": self.when
        case "length": self.length
        case "status": self.status
        case "statusClass": self.statusClass
        default: nil
        }
    }
}
