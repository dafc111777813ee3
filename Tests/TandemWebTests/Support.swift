import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import TandemCore
import TandemStore
import Testing

@testable import TandemWeb

/// A clock the tests move forward, to pass idle timeouts and lockouts without waiting.
final class TestClock: Sendable {
    let instant = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { self.instant.withLock { $0 } }
    func advance(minutes: Double) { self.instant.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
}

/// Collects log lines, to check that no clinical text reaches the logs.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt)
        {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            self.capture.lines.withLock { $0.append("\(level) \(message) \(all)") }
        }
    }

    var logger: Logger { Logger(label: "tandem-test") { _ in Handler(capture: self) } }
}

/// Builds the real app on a temporary SQLite database and runs `body` against its router; then, if asked, hands the
/// database's location to `afterwards` (the app closed, the file still there).
func withApp(
    _ body: @escaping @Sendable (TestClient, TestClock) async throws -> Void, logs: LogCapture = LogCapture(), statements: StatementLog? = nil,
    afterwards: (@Sendable (DatabaseLocation) async throws -> Void)? = nil
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-web-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let clock = TestClock()
    var configuration = AppConfiguration()
    configuration.database = .dataDirectory(directory.path)
    configuration.bcryptCost = 4
    configuration.now = { clock.now }
    configuration.statements = statements
    let app = try await buildApplication(configuration, logger: logs.logger)
    try await app.test(.router) { client in
        try await body(TestClient(client), clock)
    }
    try await afterwards?(configuration.database)
}

/// A minimal browser over the test client: keeps cookies and reads CSRF tokens from the last page.
final class TestClient: Sendable {
    let client: any TestClientProtocol
    let cookies = Mutex<[String: String]>([:])
    let lastCSRF = Mutex<String?>(nil)

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { self.headers[.location] }
    }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await self.send(uri, method: .get, headers: headers, body: nil)
    }

    /// Posts a form; the CSRF token of the last page is added unless `csrf: false` (or a token is given).
    @discardableResult
    func post(_ uri: String, _ fields: [String: String], csrf: Bool = true, inPlace: Bool = false) async throws -> Page {
        var fields = fields
        if csrf, fields["_csrf"] == nil, let token = self.lastCSRF.withLock({ $0 }) { fields["_csrf"] = token }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if inPlace { headers[.tandemInPlace] = "1" }
        return try await self.send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Sends JSON (or raw text) to the API with a bearer token.
    func api(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]?, headers: HTTPFields
    ) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await self.client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return (response.status, object, response.headers)
        }
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> Page {
        var headers = headers
        let jar = self.cookies.withLock { $0 }
        if !jar.isEmpty { headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let page = try await self.client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for header in page.headers[values: .setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            self.cookies.withLock { jar in
                if header.contains("Max-Age=0") || value.isEmpty { jar[name] = nil } else { jar[name] = value }
            }
        }
        if let range = page.body.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) {
            let match = page.body[range]
            let token = match.split(separator: "\"")[3]
            self.lastCSRF.withLock { $0 = String(token) }
        }
        return page
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    // MARK: Journeys

    static let password = "a calm river at dawn"

    /// Sets the practice up; the browser is then signed in as its owner.
    func setUp() async throws {
        try await self.get("/setup")
        let page = try await self.post(
            "/setup", ["practiceName": "Riverside Practice", "name": "Ruth Owner", "email": "ruth@example.org", "password": Self.password])
        #expect(page.status == .seeOther)
    }

    /// As the signed-in owner, adds a practitioner.
    func addPractitioner(_ name: String, _ email: String) async throws {
        try await self.get("/team")
        let page = try await self.post("/team", ["name": name, "email": email, "licence": "LCSW 1, Maryland", "password": Self.password])
        #expect(page.status == .seeOther, "adding \(email)")
    }

    /// Signed in as the owner: adds a supervisor on the team page and ticks whom she supervises (by their names);
    /// the browser is left signed out.
    func addSupervisor(_ name: String, _ email: String, supervising names: [String]) async throws {
        self.cookies.withLock { $0 = [:] }
        _ = try await self.signIn("ruth@example.org")
        try await self.get("/team")
        let added = try await self.post(
            "/team", ["role": "supervisor", "name": name, "email": email, "licence": "LCSW-C 9, Maryland", "password": Self.password])
        #expect(added.status == .seeOther, "adding the supervisor \(email)")
        let team = try await self.get("/team")
        let form = try #require(
            team.body.components(separatedBy: "<form").first { $0.contains("Save whom \(name) supervises") }, "the supervision form of \(name)")
        let supervisor = try #require(form.firstMatch(of: /name="supervisor" value="([0-9a-f-]{36})"/)?.1)
        var fields = ["supervisor": String(supervisor)]
        for person in names {
            let box = try #require(form.firstMatch(of: try Regex(#"name="(supervises-[0-9a-f-]+)" value="on"(?: checked)?> "# + person)))
            fields[String(try #require(box.output[1].substring))] = "on"
        }
        #expect(try await self.post("/team/supervision", fields).status == .seeOther, "saving whom \(name) supervises")
        self.cookies.withLock { $0 = [:] }
    }

    func signIn(_ email: String, password: String = TestClient.password) async throws -> Page {
        try await self.get("/signin")
        return try await self.post("/signin", ["email": email, "password": password])
    }

    func signOut() async throws {
        try await self.get("/account")
        try await self.post("/signout", [:])
    }

    /// Adds a client through the form and answers its id.
    func addClient(_ name: String) async throws -> String {
        try await self.get("/clients/new")
        let page = try await self.post("/clients", ["displayName": name])
        #expect(page.status == .seeOther)
        let location = try #require(page.location)
        return String(location.dropFirst("/clients/".count).prefix(36))
    }

    /// Creates an API token on the account page and answers it.
    func createToken() async throws -> String {
        try await self.get("/account")
        let page = try await self.post("/account/tokens", ["tokenName": "tests", "tokenExpiry": "365"])
        let range = try #require(page.body.range(of: #"tdm_[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        return String(page.body[range])
    }
}
