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
        }
    }

    static func from(_ request: Request) -> String? {
        request.uri.queryParameters.get("done").flatMap { Flash(rawValue: $0) }?.message
    }

    func appended(to path: String) -> String { path + (path.contains("?") ? "&" : "?") + "done=" + self.rawValue }
}
