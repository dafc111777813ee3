import Foundation
import Hummingbird

/// The time zone a client reads the portal in: the browser's own (tandem.js keeps it in a cookie), or, until the
/// browser has said (or without JavaScript), the practitioner's. Practitioners choose theirs on the account page.
struct ViewerZone: Sendable {
    static let cookie = "tandem_zone"

    let zone: TimeZone
    /// The browser's own zone rather than the fallback.
    let isOwn: Bool

    init(_ request: Request, fallback: TimeZone) {
        if let own = request.cookies[Self.cookie].flatMap({ Self.zone(named: $0.value) }) {
            (self.zone, self.isOwn) = (own, true)
        } else {
            (self.zone, self.isOwn) = (fallback, false)
        }
    }

    /// An IANA zone name ("Europe/Berlin"); nil for anything else, so a forged cookie changes nothing but the clock.
    static func zone(named name: String) -> TimeZone? {
        let name = name.removingPercentEncoding ?? name
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_+-".contains($0)) }) else {
            return nil
        }
        return TimeZone(identifier: name)
    }
}
