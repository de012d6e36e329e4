import ArgumentParser
import Email
import Foundation
import Pipeline
import Platform
import PostgresClient

/// `relais email suppressions|log`: the suppression list and the delivery log of the `email`
/// worker, for operators (HTTP admin endpoints come with roles, in the Identity issue).
struct EmailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email",
        abstract: "Inspect the email delivery log and manage the suppression list.",
        subcommands: [Suppressions.self, Log.self])

    struct Suppressions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List suppressed addresses (hard bounces), or remove one.",
            discussion: """
                Transactional email to a suppressed address is not sent until the entry expires or is \
                removed; security email (password reset, 2FA) is always attempted.
                """)

        @Option(help: "Remove this address from the list.")
        var remove: String?

        @Flag(help: "Include expired entries.")
        var all = false

        @Option(help: "Show at most this many.")
        var limit = 100

        func validate() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() async throws {
            let process = try ProcessContext.load(role: "email")
            let postgres = try process.postgres()
            let store = SuppressionStore(postgres: postgres)
            var removed: Bool?
            var entries: [Suppression] = []
            do {
                if let remove {
                    removed = try await store.remove(remove)
                } else {
                    entries = try await store.list(includeExpired: all, limit: limit)
                }
            } catch {
                await postgres.close()
                throw error
            }
            await postgres.close()
            if let remove, let removed {
                print(removed ? "removed \(remove) from the suppression list" : "\(remove) was not on the suppression list")
                return
            }
            guard !entries.isEmpty else {
                print("the suppression list is empty")
                return
            }
            let rows = entries.map { entry in
                [entry.address, DeadLetterTable.age(Date.now.timeIntervalSince(entry.createdAt)), entry.reason,
                 entry.expiresAt.map { RFC3339.format($0) } ?? "never"]
            }
            TextTable.render(header: ["ADDRESS", "AGE", "REASON", "EXPIRES"], rows: rows).forEach { print($0) }
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the delivery log, newest first: one row per SendEmail command.")

        @Option(help: "Only rows with this status: \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
        var status: String?

        @Option(help: "Only rows for this recipient address.")
        var recipient: String?

        @Option(help: "Show at most this many.")
        var limit = 50

        func validate() throws {
            if let status, DeliveryStatus(rawValue: status) == nil {
                throw ValidationError("--status must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")); got '\(status)'")
            }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() async throws {
            let process = try ProcessContext.load(role: "email")
            let postgres = try process.postgres()
            let records: [DeliveryRecord]
            do {
                records = try await DeliveryLogStore(postgres: postgres)
                    .list(status: status.flatMap(DeliveryStatus.init(rawValue:)), recipient: recipient, limit: limit)
            } catch {
                await postgres.close()
                throw error
            }
            await postgres.close()
            guard !records.isEmpty else {
                print("no deliveries match")
                return
            }
            let rows = records.map { record in
                [record.commandID.uuidString.lowercased(), DeadLetterTable.age(Date.now.timeIntervalSince(record.updatedAt)),
                 record.status.rawValue, String(record.attempts), record.template, record.recipient, record.lastReply ?? ""]
            }
            TextTable.render(header: ["COMMAND", "AGE", "STATUS", "ATTEMPTS", "TEMPLATE", "RECIPIENT", "LAST REPLY"], rows: rows)
                .forEach { print($0) }
            if records.count == limit { print("(showing the newest \(limit); use --limit to see more)") }
        }
    }
}
