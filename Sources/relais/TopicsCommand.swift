import ArgumentParser
import Pipeline

/// `relais topics plan|apply`: compares the broker with topics.yaml, or aligns it.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Compare Kafka topics with topics.yaml (plan) or align them (apply).",
        subcommands: [Plan.self, Apply.self])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what `apply` would change; changes nothing.")

        func run() async throws {
            let process = try ProcessContext.load(role: "topics")
            let admin = try process.admin()
            defer { admin.close() }
            let changes = try await TopicPlanner(admin: admin, catalogue: process.catalogue).plan()
            if changes.isEmpty {
                print("no changes: the broker matches topics.yaml (\(process.catalogue.kafkaTopics.count) topics)")
            } else {
                changes.forEach { print($0) }
                print("\(changes.filter(\.isAutomatic).count) change(s) to apply, \(changes.filter { !$0.isAutomatic }.count) to do by hand")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create missing topics and align their configuration (idempotent).")

        func run() async throws {
            let process = try ProcessContext.load(role: "topics")
            let admin = try process.admin()
            defer { admin.close() }
            let changes = try await TopicPlanner(admin: admin, catalogue: process.catalogue).apply()
            let applied = changes.filter(\.isAutomatic)
            applied.forEach { print("applied: \($0)") }
            changes.filter { !$0.isAutomatic }.forEach { print("not applied: \($0)") }
            if applied.isEmpty { print("nothing to apply: the broker matches topics.yaml") }
        }
    }
}
