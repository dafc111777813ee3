import ArgumentParser
import Foundation
import TandemApp
import TandemCore

struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set the practice up without the browser (password from standard input). Refused once set up."
    )

    @Option(name: .long, help: "The practice's name.") var practice: String
    @Option(name: .long, help: "The owner's email.") var email: String
    @Option(name: .long, help: "The owner's full name.") var name: String
    @Option(name: .long, help: "The owner's licence, e.g. \"LCSW 12345, Maryland\".") var licence: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let password = try PasswordInput.read(prompt: "Owner's password: ")
        try await withAdministration(self.database, creating: true) { admin in
            let owner = try await admin.setUp(
                SetupDraft(
                    practiceName: self.practice, owner: AccountDraft(name: self.name, email: self.email, licence: self.licence, password: password))
            )
            print("Practice set up. Owner: \(owner.email)")
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date (serve does this too).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withAdministration(self.database) { _ in print("The database schema is up to date.") }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Add.self, Update.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account (password from standard input).")

        @Option(name: .long, help: "Email.") var email: String
        @Option(name: .long, help: "Full name.") var name: String
        @Option(name: .long, help: "practitioner, supervisor or owner.") var role: String = "practitioner"
        @Option(name: .long, help: "Licence, e.g. \"LCSW 12345, Maryland\".") var licence: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: self.role) else { throw ValidationError("--role must be practitioner, supervisor or owner.") }
            let password = try PasswordInput.read(prompt: "Password for \(self.email): ")
            try await withAdministration(self.database) { admin in
                let account = try await admin.addUser(name: self.name, email: self.email, role: role, licence: self.licence, password: password)
                print("Added \(account.role.rawValue) \(account.email)")
            }
        }
    }
}

extension User {
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Change an account's professional profile, or whom a supervisor supervises. Options left out keep their value; an empty value clears it."
        )

        @Option(name: .long, help: "The account's email.") var email: String
        @Option(name: .long, help: "Licence(s), e.g. \"LCSW 12345, Maryland\".") var licence: String?
        @Option(name: .long, help: "Ethics code, e.g. \"NASW Code of Ethics\".") var ethicsCode: String?
        @Option(name: .long, help: "Coaching credential, e.g. \"ICF PCC\"; needed to open coaching engagements.") var coachingCredential: String?
        @Option(name: .long, help: "For a supervisor: the email of a practitioner she supervises from now on (repeatable).")
        var supervises: [String] = []
        @Option(name: .long, help: "For a supervisor: the email of a practitioner she no longer supervises (repeatable).")
        var stopsSupervising: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let profile = self.licence != nil || self.ethicsCode != nil || self.coachingCredential != nil
            guard profile || !self.supervises.isEmpty || !self.stopsSupervising.isEmpty else {
                throw ValidationError("Give at least one of --licence, --ethics-code, --coaching-credential, --supervises, --stops-supervising.")
            }
            if !self.supervises.isEmpty || !self.stopsSupervising.isEmpty {
                try await withAdministration(self.database) { admin in
                    let (supervisor, supervisees) = try await admin.updateSupervision(
                        email: self.email, supervises: self.supervises, ending: self.stopsSupervising)
                    let names = supervisees.map(\.email).sorted().joined(separator: ", ")
                    print("\(supervisor.email) supervises \(names.isEmpty ? "nobody" : names)")
                }
            }
            guard profile else { return }
            try await withAdministration(self.database) { admin in
                let account = try await admin.updateProfile(
                    email: self.email, licence: self.licence, ethicsCode: self.ethicsCode, coachingCredential: self.coachingCredential
                )
                print(
                    "Updated \(account.email): licence \(account.licence ?? "none"), ethics code \(account.ethicsCode ?? "none"), "
                        + "coaching credential \(account.coachingCredential ?? "none")")
            }
        }
    }
}

struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account and print it (shown once).")

        @Option(name: .long, help: "The account's email.") var email: String
        @Option(name: .long, help: "A label for the token.") var name: String = "command line"
        @Option(name: .long, help: "Days until it stops working: 30, 90, 365, or never. Default: 90") var expires: String = "90"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await withAdministration(self.database) { admin in
                print(try await admin.createToken(email: self.email, label: self.name, lifetime: self.expires))
            }
        }
    }
}
