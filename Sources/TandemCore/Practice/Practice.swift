import Foundation

/// The practice an installation serves. One installation, one practice.
public struct Practice: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<Practice>

    public let id: ID
    public var name: String
    public let createdAt: Date

    public init(id: ID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// The first-run set-up: the practice's name and its owner's account.
public struct SetupDraft: Sendable {
    public static let maximumPracticeName = 200

    public var practiceName: String?
    public var owner: AccountDraft

    public init(practiceName: String?, owner: AccountDraft) {
        self.practiceName = practiceName
        self.owner = owner
    }

    public func validated() throws(TandemError) -> (practiceName: String, owner: ValidAccount) {
        var v = Validator()
        let name = v.required("practiceName", "Practice name", self.practiceName, max: Self.maximumPracticeName)
        var errors = v.errors
        var owner: ValidAccount?
        do {
            owner = try self.owner.validated(role: .owner)
        } catch {
            if case .validation(let more) = error { errors += more }
        }
        guard errors.isEmpty, let owner else { throw .validation(errors) }
        return (name, owner)
    }
}
