import Foundation

/// The therapist's private process notes on one session (45 CFR 164.501): kept apart from the progress note and
/// from every other record, read by nobody but their author (the practice owner included), never in the portal, the
/// session or progress JSON, the CSV or an export.
public struct PsychotherapyNote: Sendable, Equatable {
    public let sessionID: Session.ID
    public let authorID: Account.ID
    public let text: String
    public let createdAt: Date
    public let updatedAt: Date

    public init(sessionID: Session.ID, authorID: Account.ID, text: String, createdAt: Date, updatedAt: Date) {
        self.sessionID = sessionID
        self.authorID = authorID
        self.text = text
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let limit = 20_000

    public static func validated(_ text: String?) throws(TandemError) -> String {
        var v = Validator()
        let text = v.required("text", "The psychotherapy note", text, max: Self.limit, lines: .multiple)
        try v.check()
        return text
    }

    /// Whether `actor` may read it: its author only.
    public func readable(by actor: Account.ID) -> Bool { self.authorID == actor }
}
