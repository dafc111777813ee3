import TandemApp
import TandemCore

/// Every page of the practitioner side. Route patterns and links both come from here, so no URL is spelt twice.
enum SiteURL: Sendable, Equatable {
    case home
    case setup
    case signIn
    case signInCode
    case signOut
    case clients
    case newClient
    case client(Client.ID)
    case editClient(Client.ID)
    case dischargeClient(Client.ID)
    case reopenClient(Client.ID)
    case team
    case account
    case accountPassword
    case accountTokens
    case secondFactor
    case confirmSecondFactor
    case disableSecondFactor
    case requireSecondFactor
    case crisisText
    case revokeToken(APIToken.ID)
    case audit
    case verifyAudit
    case accountProfile
    case engagements
    case newEngagement(Client.ID)
    case clientEngagements(Client.ID)
    case engagement(Engagement.ID)
    case closeEngagement(Engagement.ID)
    case pauseEngagement(Engagement.ID)
    case newScreening(Engagement.ID)
    case engagementScreenings(Engagement.ID)
    case screening(Screening.ID)
    case overrideScreening(Screening.ID)
    case newCrossing(Engagement.ID)
    case engagementCrossings(Engagement.ID)
    case newIncident(Engagement.ID)
    case engagementIncidents(Engagement.ID)
    case crossingAddenda(BoundaryCrossing.ID)
    case incidentAddenda(BoundaryIncident.ID)
    case alerts
    case resolveAlert(Alert.ID)
    case today
    case questions
    case accountSessionDefaults
    case engagementSessions(Engagement.ID)
    case session(Session.ID)
    case sessionAction(Session.ID, SessionAction)
    case updateMarker(Marker.ID)
    case reviewActionStep(ActionStep.ID)
    case progress(Engagement.ID)
    case progressCSV(Engagement.ID)
    case newMeasure(Engagement.ID)
    case engagementMeasures(Engagement.ID)
    case goalScales(Engagement.ID)
    case goalReviews(Engagement.ID)
    case invitations(Engagement.ID)
    case portalSettings(Engagement.ID)
    case revokeInvitation(Invitation.ID)
    case draftNote(Session.ID)
    case note(ProgressNote.ID)
    case signNote(ProgressNote.ID)
    case noteAddenda(ProgressNote.ID)
    case reviewNote(ProgressNote.ID)
    case psychotherapyNote(Session.ID)
    case engagementConsent(Engagement.ID)
    case consentText
    case supervision

    /// The forms a session page posts to, each `/sessions/{id}/<rawValue>`.
    enum SessionAction: String, Sendable, CaseIterable {
        case start, phase, end, cancel, heartbeat
        case noShow = "no-show"
        case agreement, progress, markers, redirects
        case questionsAsked = "questions-asked"
        case takeaways
        case actionSteps = "action-steps"
        case addenda
        case howFar = "how-far"
    }

    /// The path, with `id` standing for the record's identifier.
    private func path(id: String?) -> String {
        let id = id ?? ":id"
        return switch self {
        case .home: "/"
        case .setup: "/setup"
        case .signIn: "/signin"
        case .signInCode: "/signin/code"
        case .signOut: "/signout"
        case .clients: "/clients"
        case .newClient: "/clients/new"
        case .client: "/clients/\(id)"
        case .editClient: "/clients/\(id)/edit"
        case .dischargeClient: "/clients/\(id)/discharge"
        case .reopenClient: "/clients/\(id)/reopen"
        case .team: "/team"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountTokens: "/account/tokens"
        case .secondFactor: "/account/second-factor"
        case .confirmSecondFactor: "/account/second-factor/confirm"
        case .disableSecondFactor: "/account/second-factor/disable"
        case .requireSecondFactor: "/team/second-factor"
        case .crisisText: "/team/crisis-text"
        case .revokeToken: "/account/tokens/\(id)/revoke"
        case .audit: "/audit"
        case .verifyAudit: "/audit/verify"
        case .accountProfile: "/account/profile"
        case .engagements: "/engagements"
        case .newEngagement: "/clients/\(id)/engagements/new"
        case .clientEngagements: "/clients/\(id)/engagements"
        case .engagement: "/engagements/\(id)"
        case .closeEngagement: "/engagements/\(id)/close"
        case .pauseEngagement: "/engagements/\(id)/pause"
        case .newScreening: "/engagements/\(id)/screenings/new"
        case .engagementScreenings: "/engagements/\(id)/screenings"
        case .screening: "/screenings/\(id)"
        case .overrideScreening: "/screenings/\(id)/override"
        case .newCrossing: "/engagements/\(id)/boundary-crossings/new"
        case .engagementCrossings: "/engagements/\(id)/boundary-crossings"
        case .newIncident: "/engagements/\(id)/boundary-incidents/new"
        case .engagementIncidents: "/engagements/\(id)/boundary-incidents"
        case .crossingAddenda: "/boundary-crossings/\(id)/addenda"
        case .incidentAddenda: "/boundary-incidents/\(id)/addenda"
        case .alerts: "/alerts"
        case .resolveAlert: "/alerts/\(id)/resolve"
        case .today: "/today"
        case .questions: "/questions"
        case .accountSessionDefaults: "/account/session-defaults"
        case .engagementSessions: "/engagements/\(id)/sessions"
        case .session: "/sessions/\(id)"
        case .sessionAction(_, let action): "/sessions/\(id)/\(action.rawValue)"
        case .updateMarker: "/markers/\(id)"
        case .reviewActionStep: "/action-steps/\(id)/review"
        case .progress: "/engagements/\(id)/progress"
        case .progressCSV: "/engagements/\(id)/progress.csv"
        case .newMeasure: "/engagements/\(id)/measures/new"
        case .engagementMeasures: "/engagements/\(id)/measures"
        case .goalScales: "/engagements/\(id)/goal-scales"
        case .goalReviews: "/engagements/\(id)/goal-reviews"
        case .invitations: "/engagements/\(id)/invitations"
        case .portalSettings: "/engagements/\(id)/portal-settings"
        case .revokeInvitation: "/invitations/\(id)/revoke"
        case .draftNote: "/sessions/\(id)/note"
        case .note: "/notes/\(id)"
        case .signNote: "/notes/\(id)/sign"
        case .noteAddenda: "/notes/\(id)/addenda"
        case .reviewNote: "/notes/\(id)/review"
        case .psychotherapyNote: "/sessions/\(id)/psychotherapy-note"
        case .engagementConsent: "/engagements/\(id)/consent"
        case .consentText: "/team/consent-text"
        case .supervision: "/team/supervision"
        }
    }

    private var id: String? {
        switch self {
        case .client(let id), .editClient(let id), .dischargeClient(let id), .reopenClient(let id): id.description
        case .revokeToken(let id): id.description
        case .newEngagement(let id), .clientEngagements(let id): id.description
        case .engagement(let id), .closeEngagement(let id), .pauseEngagement(let id), .newScreening(let id), .engagementScreenings(let id),
            .newCrossing(let id), .engagementCrossings(let id), .newIncident(let id), .engagementIncidents(let id):
            id.description
        case .screening(let id), .overrideScreening(let id): id.description
        case .crossingAddenda(let id): id.description
        case .incidentAddenda(let id): id.description
        case .resolveAlert(let id): id.description
        case .engagementSessions(let id), .progress(let id), .progressCSV(let id), .newMeasure(let id), .engagementMeasures(let id),
            .goalScales(let id),
            .goalReviews(let id), .invitations(let id), .portalSettings(let id):
            id.description
        case .revokeInvitation(let id): id.description
        case .session(let id), .sessionAction(let id, _): id.description
        case .updateMarker(let id): id.description
        case .reviewActionStep(let id): id.description
        case .draftNote(let id), .psychotherapyNote(let id): id.description
        case .engagementConsent(let id): id.description
        case .note(let id), .signNote(let id), .noteAddenda(let id), .reviewNote(let id): id.description
        default: nil
        }
    }

    /// The link to this page.
    var path: String { self.path(id: self.id) }

    /// The router pattern for this kind of page (`:id` for the identifier).
    var pattern: String { self.path(id: nil) }

    /// A pattern for cases with an identifier, without needing a real one.
    static func pattern<Subject>(_ make: (Identifier<Subject>) -> SiteURL) -> String { make(Identifier<Subject>()).pattern }
}
