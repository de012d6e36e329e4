import ArgumentParser
import Billing
import Foundation

/// `relais billing simulate`: plays Stripe's part for the local emulation (development): the
/// payment intents and subscriptions it created get their events, signed, at the webhook endpoint.
struct BillingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing",
        abstract: "Development tools of the local Stripe emulation.",
        subcommands: [Simulate.self])

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the webhook events Stripe would send for an emulated payment intent or subscription.",
            discussion: """
                Intent outcomes: \(LocalStripeSimulator.IntentOutcome.allCases.map(\.rawValue).joined(separator: ", ")). \
                Subscription outcomes: \(LocalStripeSimulator.SubscriptionOutcome.allCases.map(\.rawValue).joined(separator: ", ")). \
                Events are signed with the first STRIPE_WEBHOOK_SECRETS entry and posted to --endpoint \
                (default: this machine's ingress at HTTP_PORT).
                """)

        @Option(help: "A payment intent id (pi_…) from POST /v1/billing/purchase.")
        var intent: String?

        @Option(help: "A subscription id (sub_…) from POST /v1/billing/subscribe.")
        var subscription: String?

        @Option(help: "What happens to it (see the discussion).")
        var outcome: String

        @Option(help: "The webhook endpoint URL.")
        var endpoint: String?

        func validate() throws {
            guard (intent == nil) != (subscription == nil) else { throw ValidationError("give exactly one of --intent and --subscription") }
            if intent != nil, LocalStripeSimulator.IntentOutcome(rawValue: outcome) == nil {
                throw ValidationError("--outcome for an intent must be one of \(LocalStripeSimulator.IntentOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if subscription != nil, LocalStripeSimulator.SubscriptionOutcome(rawValue: outcome) == nil {
                throw ValidationError("--outcome for a subscription must be one of \(LocalStripeSimulator.SubscriptionOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            let process = try ProcessContext.load(role: "billing")
            let settings = try process.billingSettings()
            guard settings.stripeSecretKey == nil else {
                throw StartupError("STRIPE_SECRET_KEY is set: events come from Stripe itself (use the Stripe CLI to trigger them)")
            }
            let postgres = try process.postgres()
            let target = endpoint ?? "http://127.0.0.1:\(process.configuration.http.port)/v1/webhooks/stripe"
            let simulator = LocalStripeSimulator(provider: LocalStripeProvider(postgres: postgres),
                                                 sender: StripeEventSender(endpoint: target, secret: settings.webhookSecrets[0]))
            let deliveries: [LocalStripeSimulator.Delivery]
            do {
                if let intent, let outcome = LocalStripeSimulator.IntentOutcome(rawValue: outcome) {
                    deliveries = try await simulator.simulate(intent: intent, outcome: outcome)
                } else if let subscription, let outcome = LocalStripeSimulator.SubscriptionOutcome(rawValue: outcome) {
                    deliveries = try await simulator.simulate(subscription: subscription, outcome: outcome)
                } else {
                    deliveries = []
                }
            } catch let error as SimulationError {
                await postgres.close()
                throw StartupError("\(error)")
            } catch {
                await postgres.close()
                throw error
            }
            await postgres.close()
            for delivery in deliveries {
                print("\(delivery.type) \(delivery.eventID) → HTTP \(delivery.status)")
            }
        }
    }
}
