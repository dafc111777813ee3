import Foundation
import Testing

@testable import TandemCore

@Suite("Trends read from the fitted change over the whole engagement")
struct TrendTests {
    static func tally(_ i: Int, clientShare: Double, howFar: Int? = nil) -> SessionTally {
        var t = SessionTally(sessionID: .init(), date: Date(timeIntervalSince1970: Double(i) * 604_800), howFar: howFar)
        // 100 markers a session, `clientShare` of them named by the client.
        t.markers[.insight] = 100
        t.clientNamedMarkers = Int((clientShare * 100).rounded())
        return t
    }

    @Test("Self-recognition rising from 24 % to 95 % over 59 sessions is Rising (a per-session slope of 1.2 points)")
    func slowButLargeRise() {
        let sessions = (0..<59).map { Self.tally($0, clientShare: 0.24 + 0.71 * Double($0) / 58) }
        let picture = ProgressPicture(administrations: [], library: InstrumentLibrary([]), sessions: sessions)
        let change = try! #require(picture.selfRecognitionChange)
        #expect(abs(change - 0.71) < 0.01)
        #expect(ProgressPicture.trendLabel(change) == "Rising")
        #expect((picture.selfRecognitionTrend ?? 1) < 0.02, "the per-session slope alone would have said steady")
    }

    @Test("Steady within ±10 points over the whole engagement; Falling below; not enough with one session")
    func labels() {
        let flat = (0..<10).map { Self.tally($0, clientShare: 0.5 + ($0 % 2 == 0 ? 0.04 : -0.04)) }
        let falling = (0..<4).map { Self.tally($0, clientShare: 0.8 - 0.1 * Double($0)) }
        let library = InstrumentLibrary([])
        func label(_ sessions: [SessionTally]) -> String {
            let picture = ProgressPicture(administrations: [], library: library, sessions: sessions)
            return ProgressPicture.trendLabel(picture.selfRecognitionChange)
        }
        #expect(label(flat) == "Steady")
        #expect(label(falling) == "Falling")
        #expect(label([Self.tally(0, clientShare: 1)]) == "Not enough sessions yet")
    }

    @Test("How far did we get: 0–10 only; the fitted change over the rated sessions, a point or more is a direction")
    func howFar() throws {
        #expect(try HowFar.validated("0") == 0 && HowFar.validated(" 10 ") == 10)
        for bad in ["", "11", "-1", "6.5", "seven"] { #expect(throws: TandemError.self) { try HowFar.validated(bad) } }
        #expect(HowFar.trend([4, 5, 7, 9])?.change ?? 0 > 5.09 && HowFar.trend([4, 5, 7, 9])?.label == "Rising")
        #expect(HowFar.trend([7, 6, 7, 7])?.label == "Steady")
        #expect(HowFar.trend([9, 7, 5])?.label == "Falling")
        #expect(HowFar.trend([8]) == nil)
    }
}
