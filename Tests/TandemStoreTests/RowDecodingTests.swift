import Foundation
import TandemCore
import Testing

@testable import TandemStore

/// A stored value no Core type has is an error that names its table and column, never a default.
@Suite("Rows decode without guessing")
struct RowDecodingTests {
    @Test("An unknown role, status or kind names the table and column")
    func unknownValues() throws {
        #expect(try EngagementRole.stored("coaching", table: "engagements", column: "role") == .coaching)
        #expect(throws: StoreError.self) { try EngagementRole.stored("mentoring", table: "engagements", column: "role") }
        do {
            _ = try MarkerKind.stored("epiphany", table: "markers", column: "kind")
            Issue.record("an unknown marker kind was accepted")
        } catch let error as StoreError {
            #expect(error.description.contains("markers.kind"))
            #expect(error.description.contains("epiphany"))
        }
    }
}
