import Foundation

/// What was done. The raw values are stored, so they never change once landed.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case practiceSetUp = "practice.set-up"
    case signIn = "session.sign-in"
    case signInFailed = "session.sign-in-failed"
    case signOut = "session.sign-out"
    case accountCreated = "account.create"
    case passwordChanged = "account.password-change"
    case tokenCreated = "token.create"
    case tokenRevoked = "token.revoke"
    case clientListed = "client.list"
    case clientViewed = "client.view"
    case clientCreated = "client.create"
    case clientUpdated = "client.update"
    case clientDischarged = "client.discharge"
    case clientReopened = "client.reopen"
    case auditViewed = "audit.view"
    case profileUpdated = "account.profile-update"
    case engagementOpened = "engagement.open"
    case engagementViewed = "engagement.view"
    case engagementListed = "engagement.list"
    case engagementClosed = "engagement.close"
    case engagementPaused = "engagement.pause"
    case screeningRecorded = "screening.create"
    case screeningViewed = "screening.view"
    case screeningOverridden = "screening.override"
    case crossingRecorded = "boundary-crossing.create"
    case incidentRecorded = "boundary-incident.create"
    case addendumRecorded = "boundary-addendum.create"
    case alertResolved = "alert.resolve"
    case alertsViewed = "alert.view"
    case crisisTextChanged = "practice.crisis-text"
    case sessionScheduled = "session.schedule"
    case sessionViewed = "session.view"
    case sessionsListed = "session.list"
    case sessionStarted = "session.start"
    case sessionPhaseChanged = "session.phase"
    case sessionEnded = "session.end"
    case sessionCancelled = "session.cancel"
    case agreementRecorded = "session.agreement"
    case progressNoted = "session.progress-notes"
    case howFarRated = "session.how-far"
    case sessionAddendumRecorded = "session-addendum.create"
    case noteDrafted = "note.draft"
    case noteViewed = "note.view"
    case noteEdited = "note.edit"
    case noteSigned = "note.sign"
    case noteAddendumRecorded = "note-addendum.create"
    case noteCosigned = "note.cosign"
    case noteReturned = "note.return"
    case supervisionChanged = "account.supervision"
    /// Psychotherapy notes are audited in a category of their own.
    case psychotherapyNoteWritten = "psychotherapy-note.write"
    case psychotherapyNoteViewed = "psychotherapy-note.view"
    case consentRecorded = "consent.record"
    case consentWithdrawn = "consent.withdraw"
    case consentTextChanged = "practice.consent-text"
    case markerRecorded = "marker.create"
    case markerUpdated = "marker.update"
    case redirectRecorded = "redirect.create"
    case questionAsked = "question.ask"
    case questionCreated = "question.create"
    case takeawayRecorded = "takeaway.create"
    case actionStepCreated = "action-step.create"
    case actionStepReviewed = "action-step.review"
    case sessionDefaultsUpdated = "account.session-defaults"
    case measureRecorded = "measure.create"
    case progressViewed = "progress.view"
    case goalScaled = "goal-scale.create"
    case goalReviewed = "goal-review.create"
    case invitationCreated = "invitation.create"
    case invitationRevoked = "invitation.revoke"
    case clientAccountCreated = "client-account.create"
    case portalSignIn = "portal.sign-in"
    case portalSignInFailed = "portal.sign-in-failed"
    case portalViewed = "portal.view"
    case clientChecked = "action-step.client-check"
    case clientIntention = "session.client-intention"
    case portalSettingsChanged = "engagement.portal-settings"
    case demoGenerated = "demo.generate"
    case auditVerified = "audit.verify"
    case secondFactorEnrolmentBegun = "second-factor.enrol"
    case secondFactorEnabled = "second-factor.enable"
    case secondFactorDisabled = "second-factor.disable"
    case secondFactorFailed = "second-factor.fail"
    case recoveryCodeUsed = "second-factor.recovery-code"
    case secondFactorRequirement = "practice.second-factor-requirement"
}

/// Whether the action went through or was refused.
public enum AuditOutcome: String, Sendable, Codable {
    case allowed
    case denied
}

/// One entry of the audit log: who did what to which record, when, and whether it was allowed.
/// It never holds clinical text: only identifiers, the action, and a short non-clinical detail.
public struct AuditEvent: Sendable, Equatable, Identifiable {
    public typealias ID = Identifier<AuditEvent>

    public let id: ID
    public let at: Date
    public let actorID: Account.ID?
    public let action: AuditAction
    public let entityType: String?
    public let entityID: String?
    public let outcome: AuditOutcome
    public let detail: String?

    public init(
        id: ID = ID(), at: Date, actorID: Account.ID?, action: AuditAction, entityType: String? = nil, entityID: String? = nil,
        outcome: AuditOutcome = .allowed, detail: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.outcome = outcome
        self.detail = detail
    }

    /// An event about one engagement (or a record inside it, named by `entityType` and `entityID`).
    public static func engagement(
        _ action: AuditAction, _ id: String, type: String = "engagement", by actor: Account.ID, at: Date, outcome: AuditOutcome = .allowed
    ) -> AuditEvent {
        AuditEvent(at: at, actorID: actor, action: action, entityType: type, entityID: id, outcome: outcome)
    }

    /// An event about one client record.
    public static func client(_ action: AuditAction, _ clientID: Client.ID, by actor: Account.ID, at: Date, outcome: AuditOutcome = .allowed)
        -> AuditEvent
    {
        AuditEvent(at: at, actorID: actor, action: action, entityType: "client", entityID: clientID.description, outcome: outcome)
    }
}

/// One audit-log line as the owner reads it.
public struct AuditEntry: Sendable, Equatable {
    public let sequence: Int64
    public let event: AuditEvent
    public let actorName: String?

    public init(sequence: Int64, event: AuditEvent, actorName: String?) {
        self.sequence = sequence
        self.event = event
        self.actorName = actorName
    }
}
