import ArgumentParser
import Foundation
import Identity
import Ingress
import Pipeline
import Platform

/// `relais users create|grant`: bootstrap accounts (the first admin) from the command line.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Create accounts and grant roles (to bootstrap the first admin).",
        subcommands: [Create.self, Grant.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account with a verified email. The password is read from stdin, or from --password-env.",
            discussion: "Never pass a password as an argument: arguments are visible to every user of the machine (ps).")

        @Option(help: "The account's email address.")
        var email: String

        @Option(help: "A role to grant; repeat for several (e.g. --role admin).")
        var role: [String] = []

        @Option(help: "Name of an environment variable holding the password (instead of stdin).")
        var passwordEnv: String?

        @Option(help: "First name.")
        var firstName = "Admin"

        @Option(help: "Last name.")
        var lastName = "Relais"

        func run() async throws {
            let roles = try role.map { name in
                guard let role = Role(rawValue: name) else {
                    throw ValidationError("unknown role '\(name)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return role
            }
            let password: String
            if let passwordEnv {
                guard let value = ProcessInfo.processInfo.environment[passwordEnv], !value.isEmpty else {
                    throw ValidationError("environment variable \(passwordEnv) is not set")
                }
                password = value
            } else {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                    throw ValidationError("type the password on standard input (or use --password-env VAR)")
                }
                password = line
            }
            try await UsersCommand.withService { service in
                let user = try await service.createUser(email: email, password: password, firstName: firstName, lastName: lastName, roles: roles)
                print("created \(user.email) (\(user.id.uuidString.lowercased())) with roles: \(user.roles.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grant a role to an existing account.")

        @Argument(help: "The account's email address.")
        var email: String

        @Argument(help: "The role, e.g. admin or academy.instructor.")
        var role: String

        func run() async throws {
            guard let parsed = Role(rawValue: role) else {
                throw ValidationError("unknown role '\(role)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try await UsersCommand.withService { service in
                guard try await service.grant(parsed, toEmail: email) else { throw ValidationError("no account has the email \(email)") }
                print("granted \(parsed.rawValue) to \(email)")
            }
        }
    }

    /// Runs `body` with an IdentityService on the configured database, printing API errors plainly.
    static func withService(_ body: (IdentityService) async throws -> Void) async throws {
        let process = try ProcessContext.load(role: "users")
        let postgres = try process.postgres()
        let redis = try process.redis()
        let service = try await IdentityService(postgres: postgres, redis: redis, settings: try process.identitySettings(), logger: process.logger)
        defer { service.shutdown(); redis.close() }
        do {
            try await body(service)
        } catch let error as APIError {
            await postgres.close()
            let details = error.details.map { "\($0.field) \($0.issue)" }.joined(separator: "; ")
            throw ValidationError(details.isEmpty ? error.message : "\(error.message): \(details)")
        }
        await postgres.close()
    }
}
