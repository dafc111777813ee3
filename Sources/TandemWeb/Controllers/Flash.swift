import Hummingbird

/// Confirmation messages after a POST-redirect-GET, carried as a short code in the URL (`?done=created`), never as text.
enum Flash: String {
    case setUp = "setup"
    case signedOut = "signedout"
    case created
    case saved
    case discharged
    case reopened
    case practitionerAdded = "added"
    case passwordChanged = "password"
    case secondFactorOff = "2fa-off"
    case secondFactorRequired = "2fa-required"
    case secondFactorOptional = "2fa-optional"
    case tokenRevoked = "revoked"
    case profileSaved = "profile"
    case engagementOpened = "opened"
    case engagementClosed = "closed"
    case coachingPaused = "paused"
    case overridden
    case crossingRecorded = "crossing"
    case incidentRecorded = "incident"
    case addendumAdded = "addendum"
    case alertResolved = "reviewed"
    case sessionScheduled = "scheduled"
    case sessionStarted = "started"
    case workBegun = "work"
    case closingBegun = "closing"
    case sessionEnded = "ended"
    case sessionCancelled = "cancelled"
    case sessionNoShow = "noshow"
    case agreed
    case markerRecorded = "marker"
    case howFarRated = "how-far"
    case redirected
    case asked
    case takeawayRecorded = "takeaway"
    case stepAgreed = "step"
    case reviewed = "stepreviewed"
    case questionAdded = "question"
    case defaultsSaved = "defaults"
    case measureRecorded = "measure"
    case measureRisk = "risk"
    case goalScaled = "scaled"
    case invitationRevoked = "withdrawn"
    case goalsReviewed = "gasreview"
    case consentRecorded = "consent"
    case noteDrafted = "drafted"
    case noteSaved = "notesaved"
    case noteSigned = "signed"
    case noteAddendum = "noteaddendum"
    case noteCosigned = "cosigned"
    case noteReturned = "returned"
    case supervisorAdded = "supervisoradded"
    case supervisionSaved = "supervision"

    var message: String {
        switch self {
        case .setUp: "The practice is set up and you are signed in as its owner."
        case .signedOut: "You are signed out."
        case .created: "Client added."
        case .saved: "Changes saved."
        case .discharged: "Client discharged. You can reopen the record at any time."
        case .reopened: "Client reopened."
        case .practitionerAdded: "Practitioner added."
        case .passwordChanged: "Password changed. Your other sessions were signed out and your API tokens revoked: make new ones for your scripts."
        case .tokenRevoked: "Token revoked: it no longer works."
        case .secondFactorOff:
            "Two-step sign-in is off. Your other sessions were signed out and your API tokens revoked: make new ones for your scripts."
        case .secondFactorRequired: "Two-step sign-in is now required: members without it are taken to switch it on when they next open a page."
        case .secondFactorOptional: "Two-step sign-in is now each member's own choice."
        case .profileSaved: "Profile saved."
        case .engagementOpened: "Engagement opened. Screen the client for coachability before using the coaching-edge tools."
        case .engagementClosed: "Engagement closed. Its records stay."
        case .coachingPaused: "The coaching-edge tools are paused until the client is screened again."
        case .overridden: "Override recorded with your reason."
        case .crossingRecorded: "Boundary crossing recorded."
        case .incidentRecorded: "Boundary incident recorded. The engagement is marked for review and the practice owner has been told."
        case .addendumAdded: "Addendum added. The original record is unchanged."
        case .consentRecorded: "Consent to the coaching edge recorded as given in the room, with the version of the practice's text."
        case .noteDrafted: "Note drafted from the session's record. Read it, edit it in your own words, then sign."
        case .noteSaved: "Draft saved."
        case .noteSigned: "Note signed and locked. Corrections from now on are signed addenda."
        case .noteAddendum: "Addendum signed. The note itself is unchanged."
        case .noteCosigned: "Note co-signed. Your co-signature is kept with the note for good."
        case .noteReturned: "Note returned with your comment. It awaits your co-signature again once its author answers with an addendum."
        case .supervisorAdded: "Supervisor added. Choose whom she supervises below."
        case .supervisionSaved: "Supervisees saved."
        case .alertResolved: "Alert marked reviewed."
        case .sessionScheduled: "Session scheduled."
        case .sessionStarted: "Session started: the opening. Review the action steps, then make the agreement."
        case .workBegun: "The work phase has begun."
        case .closingBegun: "The closing phase has begun: takeaways, then action steps."
        case .sessionEnded: "Session ended. Its record is below; corrections are made by addendum."
        case .sessionCancelled: "Session cancelled."
        case .sessionNoShow: "Marked as a no-show."
        case .agreed: "Agreement saved."
        case .markerRecorded: "Marker recorded."
        case .howFarRated: "Rating saved."
        case .redirected: "Redirect recorded."
        case .asked: "Question recorded as asked."
        case .takeawayRecorded: "Takeaway recorded."
        case .stepAgreed: "Action step agreed."
        case .reviewed: "Action step reviewed."
        case .questionAdded: "Question added to your library."
        case .defaultsSaved: "Session defaults saved."
        case .measureRecorded: "Questionnaire scored and saved."
        case .goalScaled: "Goal scaled."
        case .invitationRevoked: "Invitation withdrawn: the link no longer works."
        case .goalsReviewed: "Review saved with its T-score."
        case .measureRisk:
            "Questionnaire saved. A risk item was answered above 0: the coaching-edge tools are paused and a safety alert is on your dashboard. Screen again to lift the pause."
        }
    }

    static func from(_ request: Request) -> String? {
        request.uri.queryParameters.get("done").flatMap { Flash(rawValue: $0) }?.message
    }

    func appended(to path: String) -> String { path + (path.contains("?") ? "&" : "?") + "done=" + self.rawValue }
}
