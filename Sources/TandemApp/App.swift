import Foundation
import Logging
import TandemCore
import TandemStore

/// The application layer: Tandem's use cases over one database. Each use case takes the actor and a typed command,
/// authorizes with Core's access rules, validates with Core, and runs in ONE transaction that also appends its audit
/// event; it answers Core values or a `TandemError`. Nothing here knows HTTP, templates or the command line.
public struct App: Sendable {
    let database: TandemDatabase
    let clock: @Sendable () -> Date
    /// The questionnaires, loaded and checked at start.
    public let instruments: InstrumentLibrary
    let passwords: PasswordHasher

    public init(database: TandemDatabase, instruments: InstrumentLibrary, passwords: PasswordHasher, now: @escaping @Sendable () -> Date) {
        self.database = database
        self.instruments = instruments
        self.passwords = passwords
        self.clock = now
    }

    /// Opens the database (migrating it and unwrapping its keys with `keys`: by default the key file beside an SQLite
    /// database), with bcrypt at `bcryptCost`; `statements`, when given, notes every statement run (the
    /// statement-count and query-plan tests). Without `create`, a location holding no Tandem database is refused and
    /// nothing is created there. Call `close()` when done.
    public static func open(
        _ location: DatabaseLocation, keys: KeySource? = nil, bcryptCost: UInt8, logger: Logger, statements: StatementLog? = nil,
        create: Bool = true, now: @escaping @Sendable () -> Date = { Date() }, progress: Resealing.Progress? = nil
    ) async throws -> App {
        guard let keys = keys ?? KeySource.beside(location) else { throw KeyError.noKeyFile }
        let database = try await TandemDatabase.open(
            location, keys: keys, logger: logger, statements: statements, create: create, progress: progress)
        do {
            return App(
                database: database, instruments: try InstrumentLibrary.shared.get(), passwords: try await PasswordHasher(cost: bcryptCost), now: now)
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// Closes the database. Call once, when the command is done.
    public func close() async throws { try await self.database.close() }

    /// Set-up, accounts, tokens, backup and demo data without the browser.
    public var administration: PracticeAdministration { PracticeAdministration(app: self) }
    public var notes: Notes { Notes(app: self) }
    public var psychotherapyNotes: PsychotherapyNotes { PsychotherapyNotes(app: self) }
    public var consents: Consents { Consents(app: self) }

    var now: Date { self.clock() }

    /// Recording in a running session: markers first (the other live records follow the same shape).
    public var live: LiveRecording { LiveRecording(app: self) }

    /// Starting, moving through the phases, ending or cancelling a session.
    public var sessionSteps: SessionSteps { SessionSteps(app: self) }

    /// Screenings, closing and pausing an engagement.
    public var engagements: Engagements { Engagements(app: self) }

    /// Boundary crossings, incidents and their addenda.
    public var boundaries: Boundaries { Boundaries(app: self) }

    /// Client records.
    public var clients: ClientRecords { ClientRecords(app: self) }

    /// Scheduling sessions and reading them.
    public var sessions: Sessions { Sessions(app: self) }

    /// The question library.
    public var questions: Questions { Questions(app: self) }

    /// The progress picture, goal scaling and goal reviews.
    public var progress: ProgressReads { ProgressReads(app: self) }

    /// The client portal, from both sides.
    public var portal: Portal { Portal(app: self) }

    /// Signing in and out, browser sessions and API tokens.
    public var signIn: SignIn { SignIn(app: self) }

    /// A practitioner's own account and the owner's team.
    public var accounts: Accounts { Accounts(app: self) }
    public var secondFactors: SecondFactors { SecondFactors(app: self) }

    /// Alerts for the practitioner.
    public var alerts: Alerts { Alerts(app: self) }

    /// Questionnaires in session and in the portal, with the risk rule.
    public var questionnaires: Questionnaires { Questionnaires(app: self) }

    /// Runs `body` in one transaction. A refusal that must be audited (`Denial`) rolls the transaction back and then
    /// appends its audit events on their own, so a refused attempt leaves its trace and nothing else.
    func unit<R: Sendable>(_ body: @escaping @Sendable (Transaction) async throws -> R) async throws -> R {
        do {
            return try await self.database.unit(body)
        } catch let denial as Denial {
            try await self.database.unit { tx in
                for event in denial.events { try await AuditStore.append(event, on: tx) }
            }
            throw denial.error
        }
    }
}

extension TandemError {
    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}

/// Where the database lives (a data folder, a SQLite file, or a PostgreSQL URL), as the server and the command line
/// are told it. The application layer passes it to the store; its callers need not import the store to name it.
public typealias DatabaseLocation = TandemStore.DatabaseLocation

/// A note of every statement the database runs, for the tests that count and explain them.
public typealias StatementLog = TandemStore.StatementLog

/// Where the key that unlocks the installation's keys comes from (a key file, or memory in tests).
public typealias KeySource = TandemStore.KeySource

/// What a walk of the audit chain found.
public typealias AuditVerification = TandemStore.AuditChain.Verification

/// What re-sealing hears as it goes: the table, rows done, rows in it.
public typealias Resealing = TandemStore.Resealing

/// Why the installation's keys could not be had.
public typealias KeyError = TandemStore.KeyError

/// A refusal with the audit events it leaves (an access denied is recorded, as allowed access is).
struct Denial: Error {
    let events: [AuditEvent]
    let error: TandemError

    /// A reader (the client's practitioner, the owner) asked to change an engagement: forbidden, `engagement.view` denied.
    static func readOnly(_ engagement: Engagement.ID, holder: String, actor: Account, at now: Date) -> Denial {
        Denial(
            events: [.engagement(.engagementViewed, engagement.description, by: actor.id, at: now, outcome: .denied)],
            error: .forbidden(EngagementAccess.readOnlyMessage(holder: holder))
        )
    }
}
