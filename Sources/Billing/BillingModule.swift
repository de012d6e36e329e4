import Identity
import Ingress
import PostgresClient

/// Billing as the ingress sees it: `/v1/billing` (revenue for admins included), the Stripe
/// webhook endpoint and the admin view of received events. The provider is Stripe's API when
/// `STRIPE_SECRET_KEY` is set, the local emulation otherwise.
public struct BillingModule: Sendable {
    let accessGuard: AccessGuard
    let settings: BillingSettings

    public init(accessGuard: AccessGuard, settings: BillingSettings) {
        self.accessGuard = accessGuard
        self.settings = settings
    }

    /// The provider these settings select.
    public static func provider(settings: BillingSettings, postgres: PostgresClient) -> any PaymentProvider {
        if let key = settings.stripeSecretKey {
            return StripeAPIProvider(baseURL: settings.stripeAPIURL, secretKey: key, priceIDs: settings.stripePriceIDs)
        }
        return LocalStripeProvider(postgres: postgres)
    }

    public var routes: IngressApplication.RouteInstaller {
        { [accessGuard, settings] routes, dependencies in
            let postgres = dependencies.postgres
            BillingRoutes.add(to: routes, .init(
                transactions: TransactionStore(postgres: postgres), subscriptions: SubscriptionStore(postgres: postgres),
                provider: Self.provider(settings: settings, postgres: postgres), settings: settings, access: accessGuard))
            StripeWebhookRoutes.add(to: routes, verifier: StripeSignatureVerifier(secrets: settings.webhookSecrets,
                                                                                    toleranceSeconds: settings.signatureToleranceSeconds),
                                    publisher: dependencies.publisher)
            WebhookAdminRoutes.add(to: routes, store: WebhookEventStore(postgres: postgres), publisher: dependencies.publisher,
                                   access: accessGuard)
            RevenueRoutes.add(to: routes, store: RevenueStore(postgres: postgres), defaultCurrency: settings.currency, access: accessGuard)
        }
    }
}
