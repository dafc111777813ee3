/// One field that failed validation, with the rule it broke in words a person can act on.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Why a request conflicts with the state of things: one code per rule, named once here (the API answers it as
/// `error.code`).
public enum ConflictCode: String, Sendable, Equatable, CaseIterable {
    case agreementRequired = "agreement_required"
    case alreadyRated = "already_rated"
    case alreadySetUp = "already_set_up"
    case clientDischarged = "client_discharged"
    case consentNeeded = "consent_needed"
    case engagementClosed = "engagement_closed"
    case engagementOpen = "engagement_open"
    case goalAlreadyScaled = "goal_already_scaled"
    case invitationExpired = "invitation_expired"
    case invitationRevoked = "invitation_revoked"
    case invitationUsed = "invitation_used"
    case noCoachingCredential = "no_coaching_credential"
    case noGoalScales = "no_goal_scales"
    case noteCosigned = "note_cosigned"
    case noteNotSigned = "note_not_signed"
    case noteSigned = "note_signed"
    case noSuchGoal = "no_such_goal"
    case notCoachable = "not_coachable"
    case notSetUp = "not_set_up"
    case overrideRefused = "override_refused"
    case phaseOrder = "phase_order"
    case portalAccountExists = "portal_account_exists"
    case ratingClosed = "rating_closed"
    case roleSeparation = "role_separation"
    case secondFactorOn = "second_factor_on"
    case secondFactorOff = "second_factor_off"
    case sessionChanged = "session_changed"
    case sessionNotCompleted = "session_not_completed"
    case sessionNotInProgress = "session_not_in_progress"
    case sessionNotScheduled = "session_not_scheduled"
    case stepReviewed = "step_reviewed"
}

/// The errors the domain raises. Each names the rule that was broken; the web layer maps each to a status and a message.
public enum TandemError: Error, Sendable, Equatable {
    /// Input broke one or more field rules.
    case validation([FieldError])
    /// The thing does not exist, or the caller may not know that it exists.
    case notFound(String)
    /// The caller may see the thing but not do this to it.
    case forbidden(String)
    /// The request conflicts with the current state (e.g. set-up already done, e-mail already taken).
    case conflict(code: ConflictCode, message: String)
    /// Sign-in refused (wrong credentials, or a temporary lock).
    case signInRefused(String)
    /// Authentication is required.
    case unauthenticated

    public static func invalid(_ field: String, _ message: String) -> TandemError {
        .validation([FieldError(field: field, message: message)])
    }

    /// A message suitable to show a person.
    public var message: String {
        switch self {
        case .validation(let errors): errors.map { $0.message }.joined(separator: " ")
        case .notFound(let what): "\(what) was not found."
        case .forbidden(let message): message
        case .conflict(_, let message): message
        case .signInRefused(let message): message
        case .unauthenticated: "Please sign in."
        }
    }
}
