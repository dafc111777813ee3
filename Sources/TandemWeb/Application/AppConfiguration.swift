import Foundation
import TandemApp

/// Everything the app needs to start. Every value has a safe local default, so `tandem serve` just works.
public struct AppConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var database: DatabaseLocation = .dataDirectory("tandem-data")
    /// The key file that unlocks the data's keys; nil for the one beside an SQLite database (`tandem.key`).
    public var keys: KeySource? = nil
    /// Marks cookies Secure (set it whenever Tandem is served over HTTPS).
    public var secureCookies: Bool = false
    /// Reverse proxies whose `X-Forwarded-For` names the real client (the sign-in throttle counts per address).
    public var trustedProxies: Set<String> = []
    /// A signed-in session ends after this long without a request.
    public var sessionIdleTimeout: TimeInterval = 15 * 60
    /// A signed-in session (practitioner or portal) ends this long after sign-in, however active: 12 hours.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// A client's portal session ends after this long without a request (its own setting, its own cookie).
    public var portalIdleTimeout: TimeInterval = 20 * 60
    /// bcrypt work factor: 12 in production (about a quarter second a hash on this machine); tests use the minimum.
    public var bcryptCost: UInt8 = 12
    /// The clock; tests move it forward to pass idle timeouts and locks.
    public var now: @Sendable () -> Date = { Date() }
    /// Notes every statement the database runs (the query-plan test); nil in a running app.
    public var statements: StatementLog? = nil

    public init() {}
}
