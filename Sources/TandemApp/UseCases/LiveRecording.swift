import Foundation
import TandemCore
import TandemStore

/// A marker as the practitioner records it: its kind, and optionally her words, who named it and whether she
/// highlighted it. Checked by `Marker.validated`.
public struct RecordMarker: Sendable, Equatable {
    public var kind: String?
    public var text: String?
    public var namedBy: String?
    public var highlighted: Bool

    public init(kind: String?, text: String? = nil, namedBy: String? = nil, highlighted: Bool = false) {
        self.kind = kind
        self.text = text
        self.namedBy = namedBy
        self.highlighted = highlighted
    }
}

/// Records made while a session runs. Only the engagement's holder records, only while the session is in progress;
/// each record lands with its audit event in one transaction.
public struct LiveRecording: Sendable {
    let app: App

    /// Records a marker at the session's elapsed time. Five statements: the target's check, the insert, the audit
    /// event, and the transaction's BEGIN and COMMIT.
    public func addMarker(_ command: RecordMarker, in rawSession: String?, by actor: Account) async throws -> Marker {
        let now = self.app.now
        return try await self.app.unit { tx in
            let target = try await Self.running(rawSession, for: actor, at: now, on: tx)
            let (kind, text, voice, highlighted) = try Marker.validated(
                kind: command.kind, text: command.text, namedBy: command.namedBy, highlighted: command.highlighted
            )
            let marker = Marker(
                id: .init(), sessionID: target.sessionID, kind: kind, atSeconds: target.elapsedSeconds(at: now), text: text, namedBy: voice,
                highlighted: highlighted, recordedAt: now
            )
            try await LiveRecordStore.insert(marker, on: tx)
            try await AuditStore.append(.engagement(.markerRecorded, marker.id.description, type: "marker", by: actor.id, at: now), on: tx)
            return marker
        }
    }

    /// The session to record in: the actor holds its engagement and it is running. Anyone who may not know the
    /// session exists gets not-found, a reader gets forbidden; both refusals are audited.
    static func running(_ raw: String?, for actor: Account, at now: Date, on tx: Transaction) async throws -> RecordingTarget {
        guard let raw, let id = Session.ID(raw), let target = try await SessionStore.recordingTarget(id, on: tx) else {
            throw TandemError.notFound("The session")
        }
        switch target.access(for: actor) {
        case .hidden:
            throw Denial(
                events: [
                    .engagement(.engagementViewed, target.engagementID.description, by: actor.id, at: now, outcome: .denied),
                    .engagement(.sessionViewed, id.description, type: "session", by: actor.id, at: now, outcome: .denied),
                ],
                error: .notFound("The session")
            )
        case .read:
            throw Denial(
                events: [.engagement(.engagementViewed, target.engagementID.description, by: actor.id, at: now, outcome: .denied)],
                error: .forbidden(EngagementAccess.readOnlyMessage(holder: target.holderName))
            )
        case .write:
            try target.status.requireInProgress()
            return target
        }
    }
}
