import Foundation
import TandemCore
import TandemStore

/// Consent to the coaching edge: the practice's text (the owner's, versioned), the consent recorded as given in the
/// room by the practitioner or agreed by the client in the portal, and its withdrawal by the client, which pauses the
/// coaching-edge tools at once. Each write audited in its transaction.
public struct Consents: Sendable {
    let app: App

    /// The practice's current consent text (not clinical: the practice's own words).
    public func text() async throws -> ConsentText {
        try await self.app.database.reading { tx in try await ConsentStore.currentText(on: tx) }
    }

    /// The owner writes a new version of the text; consents given before keep the version they agreed to.
    public func setText(_ text: String?, by owner: Account) async throws -> ConsentText {
        try Accounts.requireOwner(owner, Accounts.ownerChangesOnly)
        let now = self.app.now
        return try await self.app.unit { tx in
            let text = try ConsentText.validated(text)
            let made = try await ConsentStore.addText(text, by: owner.id, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: owner.id, action: .consentTextChanged, entityType: "consent-text", detail: "version \(made.version)"),
                on: tx)
            return made
        }
    }

    /// The engagement's consent as it stands, and the text a consent now would agree to. Audited as a view.
    public func state(_ engagement: Engagement.ID, for actor: Account) async throws -> (EngagementView, ConsentText) {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.viewed(engagement, by: actor, need: .read, at: now, on: tx)
            return (view, try await ConsentStore.currentText(on: tx))
        }
    }

    /// The practitioner records the client's consent as given in the room (any time: the screening still speaks first).
    /// Answers the engagement as it now stands and the text the consent agreed to.
    @discardableResult
    public func recordInRoom(_ engagement: Engagement.ID, method: String? = ConsentMethod.inRoom.rawValue, by actor: Account) async throws
        -> (EngagementView, ConsentText)
    {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            guard method == ConsentMethod.inRoom.rawValue else {
                throw TandemError.invalid(
                    "method", "A practitioner records consent given in the room: method must be inRoom (the client agrees in the portal).")
            }
            try view.engagement.requireOpen()
            let text = try await ConsentStore.currentText(on: tx)
            try await ConsentStore.give(
                engagement, version: text.version, method: .inRoom, typedName: nil, agreedOn: LocalDate(now, in: actor.sessionDefaults.zone),
                recordedBy: actor.id, at: now, on: tx)
            try await AuditStore.append(.engagement(.consentRecorded, engagement.description, by: actor.id, at: now), on: tx)
            return (try await Engagements.readable(engagement, for: actor, need: .read, at: now, on: tx), text)
        }
    }

    /// The client agrees in the portal with their typed name; the date is today.
    public func agree(typedName: String?, by account: ClientAccount) async throws -> ConsentState {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let item = try await EngagementStore.find(account.engagementID, on: tx) else { throw TandemError.notFound("Your engagement") }
            try item.engagement.requireOpen()
            let name = try ConsentText.validatedName(typedName)
            let text = try await ConsentStore.currentText(on: tx)
            let zone = try await AccountStore.find(item.engagement.practitionerID, on: tx)?.sessionDefaults.zone ?? TimeZone(identifier: "UTC")!
            try await ConsentStore.give(
                item.engagement.id, version: text.version, method: .portal, typedName: name, agreedOn: LocalDate(now, in: zone), recordedBy: nil,
                at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .consentRecorded, entityType: "engagement", entityID: item.engagement.id.description,
                    detail: "client \(account.id), in the portal"), on: tx)
            return ConsentState(version: text.version, method: .portal, at: now, withdrawnAt: nil)
        }
    }

    /// The client withdraws their consent: the coaching-edge tools pause at once, and the practitioner sees why.
    public func withdraw(by account: ClientAccount) async throws {
        let now = self.app.now
        try await self.app.unit { tx in
            guard let item = try await EngagementStore.find(account.engagementID, on: tx) else { throw TandemError.notFound("Your engagement") }
            guard item.engagement.consentStands else {
                throw TandemError.conflict(code: .consentNeeded, message: "There is no consent on file to withdraw.")
            }
            try await ConsentStore.withdraw(item.engagement.id, at: now, on: tx)
            // The practitioner is told on her dashboard, as for every signal she must act on.
            try await AlertStore.insert(
                Alert(
                    id: .init(), recipientID: item.engagement.practitionerID, kind: .consentWithdrawn, engagementID: item.engagement.id,
                    createdAt: now,
                    resolvedAt: nil), on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .consentWithdrawn, entityType: "engagement", entityID: item.engagement.id.description,
                    detail: "client \(account.id), in the portal"), on: tx)
        }
    }
}
