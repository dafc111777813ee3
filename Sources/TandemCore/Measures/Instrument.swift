import Foundation

/// A questionnaire, as data: one definition file per instrument under TandemCore's resources
/// (`instrument-<id>.json`), with its items, response options, scoring, bands, reliable-change threshold, clinical
/// cutoff and risk items, each with its published source. Loaded and validated at start.
public struct Instrument: Sendable, Equatable, Codable, Identifiable {
    public struct Option: Sendable, Equatable, Codable {
        public let value: Int
        public let label: String
    }
    public struct Item: Sendable, Equatable, Codable {
        public let number: Int
        public let text: String
    }
    public struct Scoring: Sendable, Equatable, Codable {
        /// Only "sum" so far: the total of the item values, times `multiplier`.
        public let method: String
        public let multiplier: Int
        public let min: Int
        public let max: Int
        public let source: String
    }
    public struct MissingItems: Sendable, Equatable, Codable {
        /// Only "refuse" so far: an incomplete form is refused with the missing items named.
        public let rule: String
        public let source: String
    }
    public struct Band: Sendable, Equatable, Codable {
        public let min: Int
        public let max: Int
        public let label: String
    }
    public struct ReliableChange: Sendable, Equatable, Codable {
        /// The smallest change of the reported total that is reliable.
        public let threshold: Int
        public let formula: String
        public let source: String
    }
    public struct Cutoff: Sendable, Equatable, Codable {
        public let value: Int
        /// "atOrAbove" (a higher total is the clinical range) or "below".
        public let caseAt: String
        public let source: String

        public func isCase(_ total: Int) -> Bool { self.caseAt == "below" ? total < self.value : total >= self.value }
    }
    public struct RiskItem: Sendable, Equatable, Codable {
        public let number: Int
        /// An answer above this value raises the flag.
        public let above: Int
        public let flag: String
        public let message: String
    }

    public let id: String
    public let shortName: String
    public let name: String
    public let instructions: String
    public let source: String
    public let licence: String
    public let options: [Option]
    public let items: [Item]
    public let scoring: Scoring
    public let missingItems: MissingItems
    /// "higherIsWorse" or "higherIsBetter".
    public let direction: String
    public let bands: [Band]
    public let bandSource: String
    public let reliableChange: ReliableChange
    public let clinicalCutoff: Cutoff
    public let riskItems: [RiskItem]

    public var higherIsBetter: Bool { self.direction == "higherIsBetter" }

    public func band(of total: Int) -> Band? { self.bands.first { (($0.min)...($0.max)).contains(total) } }

    /// Every way a definition can be broken, as sentences; empty when it is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        if self.id.isEmpty || !self.id.allSatisfy({ $0.isLowercase || $0.isNumber }) { problems.append("id must be lower-case letters and digits") }
        if self.items.isEmpty { problems.append("there are no items") }
        if self.items.map(\.number) != Array(1...max(1, self.items.count)) {
            problems.append("items must be numbered 1 to \(self.items.count) in order")
        }
        let values = self.options.map(\.value)
        if values.isEmpty || Set(values).count != values.count { problems.append("response options must have distinct values") }
        if self.scoring.method != "sum" { problems.append("scoring method \(self.scoring.method) is unknown (only sum)") }
        if self.scoring.multiplier < 1 { problems.append("the scoring multiplier must be at least 1") }
        if let low = values.min(), let high = values.max() {
            let min = low * self.items.count * self.scoring.multiplier
            let max = high * self.items.count * self.scoring.multiplier
            if self.scoring.min != min || self.scoring.max != max {
                problems.append("the total runs from \(min) to \(max), not \(self.scoring.min) to \(self.scoring.max)")
            }
        }
        if self.missingItems.rule != "refuse" { problems.append("missing-item rule \(self.missingItems.rule) is unknown (only refuse)") }
        if !["higherIsWorse", "higherIsBetter"].contains(self.direction) { problems.append("direction must be higherIsWorse or higherIsBetter") }
        var next = self.scoring.min
        for band in self.bands {
            if band.min != next || band.max < band.min { problems.append("bands must cover the total without gaps or overlaps (at \(band.label))") }
            next = band.max + 1
        }
        if next != self.scoring.max + 1 { problems.append("the bands must end at the maximum total \(self.scoring.max)") }
        if self.reliableChange.threshold < 1 { problems.append("the reliable-change threshold must be at least 1") }
        if !["atOrAbove", "below"].contains(self.clinicalCutoff.caseAt) { problems.append("the cutoff's caseAt must be atOrAbove or below") }
        for risk in self.riskItems where !(1...self.items.count).contains(risk.number) {
            problems.append("risk item \(risk.number) is not an item")
        }
        for (name, text) in [("source", self.source), ("scoring.source", self.scoring.source), ("reliableChange.source", self.reliableChange.source)]
        where text.isEmpty {
            problems.append("\(name) must cite where the rule comes from")
        }
        return problems
    }
}

/// The instruments Tandem ships, loaded from their definition files.
public struct InstrumentLibrary: Sendable {
    public let instruments: [Instrument]

    public struct LoadError: Error, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String {
            "The instrument definition \(self.file) is broken: \(self.problem). Fix the file; Tandem does not start without it."
        }
    }

    public init(_ instruments: [Instrument]) { self.instruments = instruments.sorted { $0.shortName < $1.shortName } }

    public func instrument(_ id: String?) -> Instrument? { self.instruments.first { $0.id == id } }

    /// Decodes and checks one definition.
    public static func decode(_ data: Data, file: String) throws -> Instrument {
        let instrument: Instrument
        do {
            instrument = try JSONDecoder().decode(Instrument.self, from: data)
        } catch {
            throw LoadError(file: file, problem: "it is not a valid definition (\(error))")
        }
        if let problem = instrument.problems().first { throw LoadError(file: file, problem: problem) }
        return instrument
    }

    /// The definitions in TandemCore's resources (`instrument-*.json`).
    public static func bundled() throws -> InstrumentLibrary {
        let folder = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let urls = names.filter { $0.hasPrefix("instrument-") && $0.hasSuffix(".json") }.sorted().map { folder.appendingPathComponent($0) }
        guard !urls.isEmpty else { throw LoadError(file: "instrument-*.json", problem: "no definition files are in TandemCore's resources") }
        return InstrumentLibrary(try urls.map { try Self.decode(try Data(contentsOf: $0), file: $0.lastPathComponent) })
    }

    /// Loaded once per process.
    public static let shared: Result<InstrumentLibrary, any Error> = Result { try InstrumentLibrary.bundled() }
}
