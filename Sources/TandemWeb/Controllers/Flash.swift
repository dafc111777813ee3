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

    var message: String {
        switch self {
        case .setUp: "The practice is set up and you are signed in as its owner."
        case .signedOut: "You are signed out."
        case .created: "Client added."
        case .saved: "Changes saved."
        case .discharged: "Client discharged. You can reopen the record at any time."
        case .reopened: "Client reopened."
        case .practitionerAdded: "Practitioner added."
        case .passwordChanged: "Password changed. Your other sessions were signed out."
        case .tokenRevoked: "Token revoked: it no longer works."
        case .profileSaved: "Profile saved."
        case .engagementOpened: "Engagement opened. Screen the client for coachability before using the coaching-edge tools."
        case .engagementClosed: "Engagement closed. Its records stay."
        case .coachingPaused: "The coaching-edge tools are paused until the client is screened again."
        case .overridden: "Override recorded with your reason."
        case .crossingRecorded: "Boundary crossing recorded."
        case .incidentRecorded: "Boundary incident recorded. The engagement is marked for review and the practice owner has been told."
        case .addendumAdded: "Addendum added. The original record is unchanged."
        case .alertResolved: "Alert marked reviewed."
        }
    }

    static func from(_ request: Request) -> String? {
        request.uri.queryParameters.get("done").flatMap { Flash(rawValue: $0) }?.message
    }

    func appended(to path: String) -> String { path + (path.contains("?") ? "&" : "?") + "done=" + self.rawValue }
}
