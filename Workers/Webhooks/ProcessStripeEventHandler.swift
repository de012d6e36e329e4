import Billing
import Logging
import Metrics
import Pipeline
import PostgresClient

/// Applies one verified Stripe event. Stripe delivers at least once and in no particular order,
/// so, in one PostgreSQL transaction:
/// 1. the event is claimed in `billing.webhook_events` by its id: a delivery of an event already
///    processed (or found stale) changes nothing, whichever command carried it;
/// 2. the ordering guard: an event created before the last one applied to the same object is
///    recorded as `stale` and does not roll the object back;
/// 3. the effects (transaction, subscription, entitlement) and their follow-ups (emails and
///    notifications, through the outbox) commit together with the event's outcome.
/// A failure rolls all of it back, is recorded on the event for admins, and is retried by the
/// runtime (then dead-lettered, from where an admin can replay it).
public struct ProcessStripeEventHandler: CommandHandler {
    private let postgres: PostgresClient
    private let events: WebhookEventStore
    private let effects: StripeEventEffects

    /// - Parameter appBaseURL: where links in billing emails point (`APP_BASE_URL`).
    public init(postgres: PostgresClient, appBaseURL: String) {
        self.postgres = postgres
        self.events = WebhookEventStore(postgres: postgres)
        self.effects = StripeEventEffects(followUps: BillingFollowUps(appBaseURL: appBaseURL))
    }

    public func handle(_ command: ProcessStripeEvent, context: HandlerContext) async throws {
        let event: StripeEvent
        do {
            event = try StripeEvent(command)
        } catch {
            throw HandlerFailure.permanent("invalid_event", "the payload is not a readable Stripe event")
        }
        let effects = self.effects
        let outcome: WebhookEventStatus?
        do {
            outcome = try await postgres.withTransaction { connection -> WebhookEventStatus? in
                let claim = try await WebhookEventStore.claim(event.head, payload: command.document, on: connection)
                if claim.previous.isFinal { return nil }
                if claim.stale {
                    try await WebhookEventStore.settle(event.head, status: .stale, note: "an event created later was already applied",
                                                       on: connection)
                    return .stale
                }
                let applied = try await effects.apply(event, context: context, on: connection)
                try await WebhookEventStore.settle(event.head, status: applied.status, note: applied.note, on: connection)
                return applied.status
            }
        } catch {
            try? await events.recordFailure(event.head, payload: command.document, code: Self.failureCode(error))
            throw error
        }
        Counter(label: "relais_webhook_events_total", dimensions: [("type", event.head.type), ("outcome", outcome?.rawValue ?? "duplicate")])
            .increment()
        if outcome != .processed {
            context.logger.info("webhook event not applied", metadata: [
                "event_id": "\(event.head.id)", "event_type": "\(event.head.type)", "outcome": "\(outcome?.rawValue ?? "duplicate")",
            ])
        }
    }

    /// A short, safe description for admins (never the SQL or the payload).
    static func failureCode(_ error: any Error) -> String {
        switch error {
        case let failure as HandlerFailure: failure.code
        case let error as PostgresError: "postgres: \(error.code)"
        default: "\(type(of: error))"
        }
    }
}
