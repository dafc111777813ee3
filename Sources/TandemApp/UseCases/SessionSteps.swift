import Foundation
import TandemCore
import TandemStore

/// Moving a session along: start, the phase changes, end, cancel or no-show. Only the engagement's holder; each step
/// checked by `SessionFlow` on the session as it is inside the transaction that changes it, with its audit event.
public struct SessionSteps: Sendable {
    let app: App

    /// Starts a scheduled session of an open engagement: in progress, its opening begun.
    public func start(_ session: Session.ID, by actor: Account) async throws {
        try await self.step(session, by: actor, action: .sessionStarted) { session, engagement, now, tx in
            try engagement.requireOpen()
            try SessionFlow.start(session)
            try await SessionStore.start(session.id, at: now, on: tx)
        }
    }

    /// Moves to the work or the closing. Leaving the opening without an agreement needs a reason while the
    /// coaching-edge tools are offered (`SessionFlow.move`).
    public func move(_ session: Session.ID, to phase: String?, skipReason: String?, by actor: Account) async throws {
        try await self.step(session, by: actor, action: .sessionPhaseChanged) { session, engagement, now, tx in
            let coaching = CoachingState.of(engagement, latest: try await ScreeningStore.latest(of: engagement.id, on: tx))
            let (target, skip) = try SessionFlow.move(session, to: phase, coaching: coaching, skipReason: skipReason)
            try await SessionStore.changePhase(session.id, to: target, skipReason: skip, at: now, on: tx)
        }
    }

    public func end(_ session: Session.ID, by actor: Account) async throws {
        try await self.step(session, by: actor, action: .sessionEnded) { session, _, now, tx in
            try SessionFlow.end(session)
            try await SessionStore.end(session.id, at: now, on: tx)
        }
    }

    /// Cancelled, or a no-show: only a session not yet started.
    public func cancel(_ session: Session.ID, as status: SessionStatus, by actor: Account) async throws {
        try await self.step(session, by: actor, action: .sessionCancelled) { session, _, _, tx in
            try SessionFlow.cancel(session)
            try await SessionStore.cancel(session.id, as: status, on: tx)
        }
    }

    /// One step: access (`LiveRecording.writable`), the session and its engagement as they are now, the change, its
    /// audit event, in one transaction.
    private func step(
        _ session: Session.ID, by actor: Account, action: AuditAction,
        _ change: @escaping @Sendable (Session, Engagement, Date, Transaction) async throws -> Void
    ) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            let target = try await LiveRecording.writable(session, for: actor, at: now, on: tx)
            guard let item = try await SessionStore.find(target.sessionID, on: tx),
                let engagement = try await EngagementStore.find(target.engagementID, on: tx)
            else { throw TandemError.notFound("The session") }
            try await change(item.session, engagement.engagement, now, tx)
            try await AuditStore.append(.engagement(action, target.sessionID.description, type: "session", by: actor.id, at: now), on: tx)
        }
    }
}
