import Foundation

/// What a client reads beside a risk answer in the portal: the practice's own words (the owner sets them on the
/// team page), or this default until she does.
public enum CrisisText {
    public static let limit = 1000
    public static let standard =
        "If you are in danger or thinking of harming yourself now, call your local emergency number or go to the nearest emergency department. "
        + "In the US and Canada you can call or text 988 at any time; in the UK and Ireland, call Samaritans on 116 123. "
        + "Your practitioner will see your answers, but may not see them straight away."

    /// The owner's text (nil, when emptied: the default applies again), or a validation error naming `crisisText`.
    public static func validated(_ text: String?) throws(TandemError) -> String? {
        var v = Validator()
        let text = v.optional("crisisText", "The crisis text", text, max: Self.limit, lines: .multiple)
        try v.check()
        return text
    }
}
