import Foundation
import TandemCore
import TandemStore

/// Everything a client sees of their own engagement. Nothing else is reachable: every id a client sends is checked
/// against their own engagement, and anything else answers not-found.
public struct PortalView: Sendable {
    public struct PastSession: Sendable {
        public let session: Session
        public let takeaways: [Takeaway]
    }
    public let account: ClientAccount
    public let item: EngagementListItem
    public let zone: TimeZone
    public let upcoming: [Session]
    public let past: [PastSession]
    /// Action steps not yet reviewed in a session, with the client's own tick.
    public let openSteps: [(ActionStep, ClientCheck?)]
    public let intentions: [Session.ID: String]
    /// Instruments due before the next session and not yet answered for it.
    public let dueMeasures: [Instrument]
    public let shareProgress: Bool
    /// The practice's consent text as it stands, to agree to (or to read again).
    public let consentText: ConsentText
}

/// A new invitation: the secret of its link (shown once, stored only as its digest) and its expiry.
public struct NewInvitation: Sendable {
    public let token: String
    public let invitation: Invitation
    public let clientName: String
}

/// The client portal: invitations from the practitioner's side, and everything the client does in it. Each use case
/// is one transaction with its audit event.
public struct Portal: Sendable {
    let app: App

    // MARK: Invitations (practitioner side)

    /// Creates an invitation for an open engagement the practitioner holds.
    public func invite(_ engagement: Engagement.ID, by actor: Account) async throws -> NewInvitation {
        let now = self.app.now
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            if try await PortalStore.account(ofClient: view.engagement.clientID, on: tx) != nil {
                throw TandemError.conflict(code: .portalAccountExists, message: "\(view.item.clientName) already has a portal account.")
            }
            let token = Secrets.randomToken()
            let invitation = Invitation(
                id: .init(), engagementID: view.engagement.id, createdBy: actor.id, createdAt: now,
                expiresAt: now.addingTimeInterval(Invitation.validity),
                usedAt: nil, revokedAt: nil
            )
            try await PortalStore.invite(invitation, tokenHash: Secrets.digest(token), on: tx)
            try await AuditStore.append(.engagement(.invitationCreated, invitation.id.description, type: "invitation", by: actor.id, at: now), on: tx)
            return NewInvitation(token: token, invitation: invitation, clientName: view.item.clientName)
        }
    }

    /// Revokes an unused invitation of an engagement the practitioner holds; answers the engagement.
    public func revoke(_ id: Invitation.ID, by actor: Account) async throws -> Engagement.ID {
        let now = self.app.now
        return try await self.app.unit { tx in
            guard let invitation = try await PortalStore.invitation(id, on: tx) else {
                throw TandemError.notFound("The invitation")
            }
            _ = try await Engagements.readable(invitation.engagementID, for: actor, need: .write, at: now, on: tx)
            try await PortalStore.revoke(id, at: now, on: tx)
            try await AuditStore.append(.engagement(.invitationRevoked, id.description, type: "invitation", by: actor.id, at: now), on: tx)
            return invitation.engagementID
        }
    }

    /// The practitioner's portal settings of an open engagement she holds: how often each questionnaire is due
    /// (raw form values by instrument id; empty for never) and whether the client sees their progress. All are
    /// checked before any is saved.
    public func settings(_ engagement: Engagement.ID, every: [String: String], shareProgress: Bool, by actor: Account) async throws -> Engagement.ID {
        let now = self.app.now
        let instruments = self.app.instruments.instruments
        return try await self.app.unit { tx in
            let view = try await Engagements.readable(engagement, for: actor, need: .write, at: now, on: tx)
            try view.engagement.requireOpen()
            var errors: [FieldError] = []
            var schedules: [(String, Int?)] = []
            for instrument in instruments {
                let raw = (every[instrument.id] ?? "").trimmingCharacters(in: .whitespaces)
                if raw.isEmpty {
                    schedules.append((instrument.id, nil))
                } else if let n = Int(raw), MeasureSchedule.range.contains(n) {
                    schedules.append((instrument.id, n))
                } else {
                    errors.append(
                        FieldError(field: "every-\(instrument.id)", message: "\(instrument.shortName): every 1 to 12 sessions, or empty for never."))
                }
            }
            guard errors.isEmpty else { throw TandemError.validation(errors) }
            for (instrument, n) in schedules { try await PortalStore.setSchedule(view.engagement.id, instrument: instrument, every: n, on: tx) }
            try await PortalStore.setShareProgress(view.engagement.id, shareProgress, on: tx)
            try await AuditStore.append(.engagement(.portalSettingsChanged, view.engagement.id.description, by: actor.id, at: now), on: tx)
            return view.engagement.id
        }
    }

    // MARK: The client's side

    /// The invitation behind a link, if it can still be used (else a plain refusal), with the client's name.
    public func invitation(token: String?) async throws -> (Invitation, EngagementListItem) {
        let now = self.app.now
        return try await self.app.database.reading { tx in try await Self.usable(token, at: now, on: tx) }
    }

    /// Uses an invitation to create the client's account: the link works once even if two browsers race, and an
    /// e-mail already in use is a field error.
    public func accept(token: String?, email: String?, password: String?) async throws -> ClientAccount {
        let now = self.app.now
        // The link is checked first (a used or expired link is said so before any field), and again in the write.
        _ = try await self.invitation(token: token)
        let (email, password) = try ClientSignUp.validated(email: email, password: password)
        let hash = try await self.app.passwords.hash(password)
        return try await self.app.unit { tx in
            let (invitation, item) = try await Self.usable(token, at: now, on: tx)
            let account = ClientAccount(
                id: .init(), clientID: item.engagement.clientID, engagementID: invitation.engagementID, email: email, createdAt: now)
            try await PortalStore.accept(invitation.id, account: account, passwordHash: hash, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .clientAccountCreated, entityType: "client-account", entityID: account.id.description,
                    detail: "by invitation"
                ), on: tx
            )
            return account
        }
    }

    /// The client's engagement as the portal shows it; reading it is audited.
    public func view(for account: ClientAccount) async throws -> PortalView {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            let view = try await Self.view(for: account, library: library, at: now, on: tx)
            try await AuditStore.append(Self.viewed(by: account, at: now), on: tx)
            return view
        }
    }

    /// The client's progress page, if their practitioner shares it: the engagement and its picture. Audited as a
    /// portal view.
    public func progress(for account: ClientAccount) async throws -> (PortalView, EngagementView, ProgressPicture) {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            let view = try await Self.view(for: account, library: library, at: now, on: tx)
            guard view.shareProgress else { throw TandemError.notFound("Your progress page") }
            try await AuditStore.append(Self.viewed(by: account, at: now), on: tx)
            // The client reads the engagement; its screenings are the practitioner's, not shown here.
            let engagement = EngagementView(item: view.item, latest: nil, access: .read, sessionsSinceScreening: 0, today: LocalDate(now))
            return (view, engagement, try await ProgressPicture.of(account.engagementID, library: library, on: tx))
        }
    }

    /// Ticks one of the client's own open action steps; answers the step and the portal as it now stands.
    public func check(_ id: ActionStep.ID, status: String?, note: String?, by account: ClientAccount) async throws -> (ActionStep, PortalView) {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            guard let step = try await LiveRecordStore.actionStep(id, on: tx),
                step.engagementID == account.engagementID
            else { throw TandemError.notFound("The action step") }
            guard step.review == nil else {
                throw TandemError.conflict(code: .stepReviewed, message: "This step was already reviewed with your practitioner in a session.")
            }
            let check = try ClientCheck.validated(status: status, note: note, at: now)
            try await PortalStore.check(id, check, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .clientChecked, entityType: "action-step", entityID: id.description, detail: "client \(account.id)"
                ), on: tx
            )
            return (step, try await Self.view(for: account, library: library, at: now, on: tx))
        }
    }

    /// The client's answer to "Where do you want to go today?" for one of their upcoming sessions; answers the
    /// session and the portal as it now stands.
    public func intend(_ id: Session.ID, text: String?, by account: ClientAccount) async throws -> (Session, PortalView) {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            guard let item = try await SessionStore.find(id, on: tx),
                item.session.engagementID == account.engagementID
            else { throw TandemError.notFound("The session") }
            guard item.session.status == .scheduled else {
                throw TandemError.conflict(code: .sessionNotScheduled, message: "This session has already started or ended.")
            }
            try await PortalStore.setIntention(id, try Intention.validated(text), at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .clientIntention, entityType: "session", entityID: id.description, detail: "client \(account.id)"),
                on: tx
            )
            return (item.session, try await Self.view(for: account, library: library, at: now, on: tx))
        }
    }

    /// The client's "How far did we get?" for one of their ended sessions, given afterwards in the portal: once, and
    /// within `HowFar.portalDays` of the session; one rated in the room is already given.
    public func rateHowFar(_ id: Session.ID, rating: String?, by account: ClientAccount) async throws -> (HowFar, PortalView) {
        let now = self.app.now
        let library = self.app.instruments
        return try await self.app.unit { tx in
            guard let item = try await SessionStore.find(id, on: tx), item.session.engagementID == account.engagementID,
                item.session.status == .completed
            else { throw TandemError.notFound("The session") }
            guard item.session.howFar == nil else {
                throw TandemError.conflict(code: .alreadyRated, message: "You have already said how far this session got.")
            }
            let ended = item.session.endedAt ?? item.session.scheduledAt
            guard now.timeIntervalSince(ended) <= TimeInterval(HowFar.portalDays * 86_400) else {
                throw TandemError.conflict(
                    code: .ratingClosed, message: "This session was more than \(HowFar.portalDays) days ago; tell your practitioner next time.")
            }
            let howFar = HowFar(rating: try HowFar.validated(rating), source: .portal, at: now)
            try await SessionStore.setHowFar(id, howFar, on: tx)
            try await AuditStore.append(
                AuditEvent(
                    at: now, actorID: nil, action: .howFarRated, entityType: "session", entityID: id.description, detail: "client \(account.id)"),
                on: tx
            )
            return (howFar, try await Self.view(for: account, library: library, at: now, on: tx))
        }
    }

    /// The questionnaire named, if it is assigned to the client now; not-found otherwise.
    public func assigned(_ rawInstrument: String?, for account: ClientAccount) async throws -> Instrument {
        let library = self.app.instruments
        return try await self.app.database.reading { tx in
            let sessions = try await SessionStore.forEngagement(account.engagementID, on: tx).map(\.session)
            guard
                let instrument = try await Self.due(account.engagementID, sessions: sessions, library: library, on: tx).first(where: {
                    $0.id == rawInstrument
                })
            else { throw TandemError.notFound("That questionnaire (it is not assigned to you now)") }
            return instrument
        }
    }

    /// A questionnaire the practitioner assigned, answered in the portal. A risk answer pauses coaching and alerts
    /// the practitioner exactly as in session.
    public func answer(_ instrument: Instrument, answers: [Int?], by account: ClientAccount) async throws -> MeasureResult {
        try await self.app.questionnaires.answer(instrument, answers: answers, by: account)
    }

    // MARK: Signing in to the portal

    /// Checks a client's password and opens a portal session; throttled per e-mail address like the practitioner
    /// sign-in (under its own key, so the two never lock each other) and per network address (one count for both).
    public func signIn(email: String, password: String, from address: String) async throws -> SignInResult<ClientAccount> {
        try await self.app.throttledSignIn(
            key: "portal:" + email, address: address, password: password, failure: .portalSignInFailed,
            credentials: { tx in
                email.isEmpty ? nil : try await PortalStore.credentials(email: email, on: tx).map { ($0.0, $0.1, nil) }
            },
            rehash: { account, hash, tx in try await PortalStore.replacePasswordHash(of: account.id, with: hash, on: tx) },
            open: { account in .signedIn(account, sessionToken: try await self.startSession(for: account)) }
        )
    }

    /// Opens a portal session for the client (after sign-in, or after accepting an invitation); answers its secret.
    public func startSession(for account: ClientAccount) async throws -> String {
        let now = self.app.now
        let token = Secrets.randomToken()
        try await self.app.unit { tx in
            try await PortalStore.startSession(tokenHash: Secrets.digest(token), for: account.id, at: now, on: tx)
            try await AuditStore.append(
                AuditEvent(at: now, actorID: nil, action: .portalSignIn, entityType: "client-account", entityID: account.id.description), on: tx
            )
        }
        return token
    }

    /// The client of a portal session and when it was last used.
    public func session(_ hash: String) async throws -> (ClientAccount, lastSeen: Date, began: Date)? {
        try await self.app.database.reading { tx in
            guard let (id, lastSeen, began) = try await PortalStore.session(tokenHash: hash, on: tx),
                let account = try await PortalStore.account(id, on: tx)
            else {
                return nil
            }
            return (account, lastSeen, began)
        }
    }

    public func touch(_ hash: String) async throws {
        let now = self.app.now
        try await self.app.database.writing { tx in try await PortalStore.touch(tokenHash: hash, at: now, on: tx) }
    }

    /// Ends a portal session (signing out, or one that ran out).
    public func end(_ hash: String) async throws {
        try await self.app.database.writing { tx in try await PortalStore.endSession(tokenHash: hash, on: tx) }
    }

    /// The client of a live portal app token.
    public func account(forAppToken token: String) async throws -> ClientAccount? {
        try await self.app.database.reading { tx in
            guard let id = try await PortalStore.account(forTokenHash: Secrets.digest(token), on: tx) else { return nil }
            return try await PortalStore.account(id, on: tx)
        }
    }

    /// Creates an app token for the client's portal (read and write their own portal only); answers its secret.
    public func createAppToken(named label: String?, for account: ClientAccount) async throws -> String {
        let now = self.app.now
        var v = Validator()
        let name = v.required("name", "A name for the app", label, max: APIToken.maximumLabel)
        try v.check()
        let token = Secrets.randomToken(prefix: "tdmc_")
        try await self.app.database.writing { tx in
            try await PortalStore.createToken(UUID(), name: name, tokenHash: Secrets.digest(token), for: account.id, at: now, on: tx)
        }
        return token
    }

    // MARK: Reading, on the use case's transaction

    /// The audit event of a client reading their portal (no practitioner acts: the client is named in the detail).
    static func viewed(by account: ClientAccount, at now: Date) -> AuditEvent {
        AuditEvent(
            at: now, actorID: nil, action: .portalViewed, entityType: "engagement", entityID: account.engagementID.description,
            detail: "client \(account.id)")
    }

    static func usable(_ token: String?, at now: Date, on tx: Transaction) async throws -> (Invitation, EngagementListItem) {
        guard let token, !token.isEmpty, let invitation = try await PortalStore.invitation(tokenHash: Secrets.digest(token), on: tx),
            let item = try await EngagementStore.find(invitation.engagementID, on: tx)
        else { throw TandemError.notFound("The invitation") }
        try invitation.check(at: now)
        return (invitation, item)
    }

    static func view(for account: ClientAccount, library: InstrumentLibrary, at now: Date, on tx: Transaction) async throws -> PortalView {
        guard let item = try await EngagementStore.find(account.engagementID, on: tx) else { throw TandemError.notFound("Your engagement") }
        let zone = try await AccountStore.find(item.engagement.practitionerID, on: tx)?.sessionDefaults.zone
        let sessions = try await SessionStore.forEngagement(item.engagement.id, on: tx).map(\.session)
        let completed = sessions.filter { $0.status == .completed }
        let takeaways = try await LiveRecordStore.takeaways(ofEngagement: item.engagement.id, on: tx)
        let past = completed.map { PortalView.PastSession(session: $0, takeaways: takeaways[$0.id] ?? []) }
        let all = try await LiveRecordStore.actionSteps(of: item.engagement.id, on: tx)
        let bySession = Dictionary(grouping: all.steps.filter { $0.review == nil }, by: \.sessionID)
        let steps = completed.flatMap { s in (bySession[s.id] ?? []).map { ($0, all.checks[$0.id]) } }
        return PortalView(
            account: account, item: item, zone: zone ?? TimeZone(identifier: "UTC")!,
            upcoming: sessions.filter { $0.status == .scheduled && $0.scheduledAt > now.addingTimeInterval(-3600) }, past: past.reversed(),
            openSteps: steps,
            intentions: try await PortalStore.intentions(of: item.engagement.id, on: tx),
            dueMeasures: try await Self.due(item.engagement.id, sessions: sessions, library: library, on: tx),
            shareProgress: item.shareProgress, consentText: try await ConsentStore.currentText(on: tx)
        )
    }

    /// The instruments scheduled before the next session (numbered among the engagement's sessions that were not
    /// cancelled) and not yet answered since the last session ended.
    static func due(_ engagement: Engagement.ID, sessions: [Session], library: InstrumentLibrary, on tx: Transaction) async throws -> [Instrument] {
        let counted = sessions.filter { $0.status != .cancelled }
        guard let nextIndex = counted.firstIndex(where: { $0.status == .scheduled }) else { return [] }
        let since = counted[..<nextIndex].compactMap(\.endedAt).max() ?? .distantPast
        let answered = Set(try await MeasureStore.forEngagement(engagement, on: tx).filter { $0.recordedAt >= since }.map(\.instrumentID))
        return try await PortalStore.schedules(of: engagement, on: tx)
            .filter { $0.isDue(beforeSession: nextIndex + 1) && !answered.contains($0.instrumentID) }
            .compactMap { library.instrument($0.instrumentID) }
    }
}
