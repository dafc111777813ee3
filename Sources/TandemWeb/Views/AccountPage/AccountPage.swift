import Foundation
import TandemApp
import TandemCore

struct AccountPage: PageModel {
    static let template = "account"
    struct Token: Sendable {
        let name: String
        let created: String
        let lastUsed: String
        let expires: String
        let state: String
        let revokeHref: String?
    }
    let shell: Shell
    let name: String
    let email: String
    let role: String
    let licence: String
    let ethicsCode: String
    let coachingCredential: String
    let profileAction: String
    let profileFields: [FormField]
    let defaultsAction: String
    let defaultsFields: [FormField]
    let noteFormatChoice: ChoiceField
    let newToken: String?
    let hasTokens: Bool
    let tokens: [Token]
    let tokenFields: [FormField]
    let expiryOptions: [ChoiceField.Option]
    let errorSummary: ErrorSummary?
    let passwordFields: [FormField]
    let secondFactor: SecondFactorView
}

/// The account page's two-step sign-in section: off (a button), enrolling (the secret and a code), or on (since
/// when, recovery codes left, and the form that switches it off); new recovery codes shown once.
struct SecondFactorView: Sendable {
    let isOff: Bool
    let enrolling: Enrolling?
    let on: On?
    let recoveryCodes: [String]?
    /// The practice requires it and this account has not switched it on yet.
    let mustEnrol: Bool
    let codeField: FormField
    let disableFields: [FormField]
    let errorSummary: ErrorSummary?

    struct Enrolling: Sendable {
        let secret: String
        let uri: String
    }
    struct On: Sendable {
        let since: String
        let codesLeft: Int
    }

    init(_ status: SecondFactorStatus, recoveryCodes: [String]?, mustEnrol: Bool, errors: [FieldError], zone: TimeZone) {
        switch status {
        case .off: (self.isOff, self.enrolling, self.on) = (true, nil, nil)
        case .enrolling(let secret, let uri):
            // In groups of four, to type without losing one's place.
            let grouped = stride(from: 0, to: secret.count, by: 4).map { i in
                String(secret.dropFirst(i).prefix(4))
            }.joined(separator: " ")
            (self.isOff, self.enrolling, self.on) = (false, .init(secret: grouped, uri: uri), nil)
        case .on(let since, let left):
            (self.isOff, self.enrolling, self.on) = (false, nil, .init(since: Formats.dateTime(since, in: zone), codesLeft: left))
        }
        self.recoveryCodes = recoveryCodes
        self.mustEnrol = mustEnrol
        self.codeField = FormField(
            "code", "The six digits your app shows", errors: errors, required: true, autocomplete: "one-time-code", maxLength: 20)
        self.disableFields = [
            FormField("disablePassword", "Your password", type: "password", errors: errors, required: true, autocomplete: "current-password"),
            FormField(
                "disableCode", "A code from your app, or a recovery code", errors: errors, required: true, autocomplete: "one-time-code",
                maxLength: 20
            ),
        ]
        self.errorSummary = ErrorSummary(errors.filter { ["code", "disablePassword", "disableCode"].contains($0.field) })
    }
}

extension AccountPage {
    /// The practitioner's own account: profile, session defaults, API tokens (a new one shown once) and password,
    /// with what was typed in a refused form.
    static func make(
        _ account: Account, tokens: [APIToken], newToken: String?, shell: Shell, errors: [FieldError], profileValues: [String: String]?,
        now: Date, secondFactor: SecondFactorView
    ) -> AccountPage {
        let saved = [
            "licence": account.licence ?? "", "ethicsCode": account.ethicsCode ?? "", "coachingCredential": account.coachingCredential ?? "",
            "timeZone": account.sessionDefaults.timeZone, "openingPercent": "\(account.sessionDefaults.shares.opening)",
            "closingPercent": "\(account.sessionDefaults.shares.closing)", "noteFormat": account.sessionDefaults.noteFormat.rawValue,
        ]
        let profile = saved.merging(profileValues ?? [:]) { $1 }
        let zone = account.sessionDefaults.zone
        return AccountPage(
            shell: shell,
            name: account.name,
            email: account.email,
            role: account.role.label,
            licence: account.licence ?? "—",
            ethicsCode: account.ethicsCode ?? "—",
            coachingCredential: account.coachingCredential ?? "none recorded",
            profileAction: SiteURL.accountProfile.path,
            profileFields: [
                FormField(
                    "licence", "Licence(s)", value: profile["licence"], errors: errors, hint: "E.g. “LCSW 12345, Maryland”.",
                    maxLength: ProfileDraft.maximumLength),
                FormField(
                    "ethicsCode", "Ethics code", value: profile["ethicsCode"], errors: errors,
                    hint: "The code you practise under, e.g. “NASW Code of Ethics”.", maxLength: ProfileDraft.maximumLength),
                FormField(
                    "coachingCredential", "Coaching credential", value: profile["coachingCredential"], errors: errors,
                    hint: "E.g. “ICF PCC”. Without one you cannot open coaching engagements.", maxLength: ProfileDraft.maximumLength),
            ],
            defaultsAction: SiteURL.accountSessionDefaults.path,
            defaultsFields: [
                FormField(
                    "timeZone", "Time zone", value: profile["timeZone"], errors: errors,
                    hint: "Where you work, e.g. Europe/Berlin. Session times are shown in it.", required: true, maxLength: 64),
                FormField(
                    "openingPercent", "Opening share, in percent", type: "number", value: profile["openingPercent"], errors: errors,
                    hint: "5 to 40; 20 is usual.", required: true),
                FormField(
                    "closingPercent", "Closing share, in percent", type: "number", value: profile["closingPercent"], errors: errors,
                    hint: "5 to 40; 20 is usual. The closing is never planned under 5 minutes.", required: true),
            ],
            noteFormatChoice: .radio(
                "noteFormat", "Progress notes are drafted in", options: NoteFormat.allCases.map { ($0.rawValue, $0.label) },
                selected: profile["noteFormat"], errors: errors, hint: "Each note can still be drafted in another."),
            newToken: newToken,
            hasTokens: !tokens.isEmpty,
            tokens: tokens.map {
                let live = $0.revokedAt == nil && !$0.isExpired(at: now)
                return .init(
                    name: $0.name, created: Formats.dateTime($0.createdAt, in: zone),
                    lastUsed: $0.lastUsedAt.map { Formats.dateTime($0, in: zone) } ?? "never",
                    expires: $0.expiresAt.map { Formats.dateTime($0, in: zone) } ?? "never",
                    state: $0.revokedAt != nil ? "Revoked" : ($0.isExpired(at: now) ? "Expired" : "Active"),
                    revokeHref: live ? SiteURL.revokeToken($0.id).path : nil
                )
            },
            tokenFields: [
                FormField(
                    "tokenName", "Label for a new token", errors: errors, hint: "What will use it, e.g. “reporting script”.", required: true,
                    maxLength: APIToken.maximumLabel)
            ],
            expiryOptions: APIToken.lifetimeChoices.map { days in
                .init(
                    id: days == APIToken.lifetimeChoices[0] ? "tokenExpiry" : "tokenExpiry-\(days)", name: "tokenExpiry",
                    value: days == 0 ? "never" : String(days), label: days == 0 ? "Never" : "\(days) days",
                    checked: days == APIToken.defaultLifetimeDays)
            },
            errorSummary: ErrorSummary(errors.filter { ["currentPassword", "newPassword", "confirmPassword"].contains($0.field) }),
            passwordFields: [
                FormField("currentPassword", "Current password", type: "password", errors: errors, required: true, autocomplete: "current-password"),
                FormField(
                    "newPassword", "New password", type: "password", errors: errors, hint: "At least \(PasswordPolicy.minimumLength) characters.",
                    required: true, autocomplete: "new-password"),
                FormField("confirmPassword", "New password again", type: "password", errors: errors, required: true, autocomplete: "new-password"),
            ],
            secondFactor: secondFactor
        )
    }
}
