import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// `/v1/billing`: Har Academy's Payment Service contract. Purchases and subscriptions start at
/// the provider; their outcome arrives later through the webhook worker.
enum BillingRoutes {
    static let tag = "billing"

    struct Dependencies {
        let transactions: TransactionStore
        let subscriptions: SubscriptionStore
        let provider: any PaymentProvider
        let settings: BillingSettings
        let access: AccessGuard
    }

    static func add(to routes: APIRoutes, _ deps: Dependencies) {
        let access = deps.access
        let purchase = PurchaseFlow(transactions: deps.transactions, provider: deps.provider)

        routes.add(.post, "/v1/billing/purchase", summary: "Buy a course: a pending transaction and a payment intent (free courses complete at once)",
                   tag: tag,
                   requestBody: JSONSchema.object([("course_id", JSONSchema.uuid),
                                                   ("payment_method", JSONSchema.string(enumValues: ["card", "bank_transfer"]))],
                                                  required: ["course_id"]),
                   replies: [.init(201, "transaction and payment intent"), .init(200, "the purchase already pending, resumed"),
                             .init(400, "unknown course or payment method"), .init(402, "the provider refused the payment"),
                             .init(409, "already owned"), .init(503, "the payment provider is unavailable")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(PurchaseRequest.self, from: request, limit: context.maxBodyBytes)
                       let method = try input.method()
                       return try await purchase.start(userID: principal.userID, courseID: input.courseID, method: method)
                   })

        routes.add(.post, "/v1/billing/subscribe", summary: "Subscribe to a plan (pending until the first payment succeeds)", tag: tag,
                   requestBody: JSONSchema.object([("plan", JSONSchema.string(enumValues: Plan.allCases.map(\.rawValue)))], required: ["plan"]),
                   replies: [.init(201, "the pending subscription"), .init(400, "invalid plan"), .init(402, "the provider refused"),
                             .init(409, "a subscription is already pending or active"), .init(503, "the payment provider is unavailable")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(SubscribeRequest.self, from: request, limit: context.maxBodyBytes)
                       guard let plan = Plan(rawValue: input.plan), let price = deps.settings.planPrices[plan] else {
                           throw APIError.validation([.init(field: "plan", issue: "must be one of \(Plan.allCases.map(\.rawValue).joined(separator: ", "))")])
                       }
                       return try await subscribe(deps, userID: principal.userID, plan: plan, price: price)
                   })

        routes.add(.get, "/v1/billing/transactions", summary: "My transactions, newest first", tag: tag,
                   replies: [.init(200, "transactions")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       SuccessEnvelope(TransactionList(transactions: try await deps.transactions.transactions(userID: principal.userID)))
                   })

        routes.add(.get, "/v1/billing/subscriptions/active", summary: "My active subscription", tag: tag,
                   replies: [.init(200, "the subscription"), .init(404, "no active subscription")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       guard let subscription = try await deps.subscriptions.active(userID: principal.userID) else {
                           throw APIError.notFound("active subscription")
                       }
                       return SuccessEnvelope(SubscriptionReply(subscription: subscription, clientSecret: nil))
                   })

        routes.add(.post, "/v1/billing/refund/:transaction_id",
                   summary: "Refund a completed purchase younger than the refund window (owner or admin)", tag: tag,
                   replies: [.init(202, "refund requested; charge.refunded completes it"), .init(400, "refund not possible, with the reason"),
                             .init(403, "not the owner"), .init(404, "no such transaction"), .init(409, "a refund is already requested"),
                             .init(503, "the payment provider is unavailable")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let id = try context.uuidParameter("transaction_id", notFound: "transaction")
                       let transaction = try await RefundFlow(transactions: deps.transactions, provider: deps.provider,
                                                              windowDays: deps.settings.refundWindowDays)
                           .request(transactionID: id, by: principal)
                       return SuccessEnvelope(TransactionReply(transaction: transaction, paymentIntent: nil), status: .accepted)
                   })

        routes.add(.get, "/v1/billing/users/:user_id/entitlements", summary: "Courses a user may open and their active subscription (self or admin)",
                   tag: tag, replies: [.init(200, "entitlements"), .init(403, "another user"), .init(404, "no such user")], authenticated: true,
                   handler: access.protected { _, context, principal in
                       let userID = try context.uuidParameter("user_id", notFound: "user")
                       guard userID == principal.userID || principal.has(.admin) else { throw APIError.forbidden }
                       guard let entitlements = try await deps.subscriptions.entitlements(userID: userID) else { throw APIError.notFound("user") }
                       return SuccessEnvelope(entitlements)
                   })
    }

    static func subscribe(_ deps: Dependencies, userID: UUID, plan: Plan, price: Int64) async throws -> SuccessEnvelope<SubscriptionReply> {
        guard let email = try await deps.subscriptions.customerEmail(userID: userID) else { throw APIError.unauthenticated }
        let id = UUIDv7.make()
        guard try await deps.subscriptions.createPending(id: id, userID: userID, plan: plan, amountPerMonth: price,
                                                         currency: deps.settings.currency) != nil else {
            throw APIError(status: .conflict, code: "subscription_exists", message: "a subscription is already pending or active")
        }
        let created: ProviderSubscription
        do {
            created = try await deps.provider.createSubscription(SubscriptionRequest(
                plan: plan, amountPerMonth: price, currency: deps.settings.currency, customerEmail: email,
                metadata: ["relais_subscription_id": id.uuidString.lowercased(), "relais_user_id": userID.uuidString.lowercased(),
                           "plan": plan.rawValue],
                idempotencyKey: "subscribe-\(id.uuidString.lowercased())"))
        } catch {
            try await deps.subscriptions.discard(id: id)
            throw ProviderFailure.apiError(error)
        }
        guard let subscription = try await deps.subscriptions.attach(providerID: created.id, to: id) else { throw APIError.notFound("subscription") }
        return SuccessEnvelope(SubscriptionReply(subscription: subscription, clientSecret: created.clientSecret), status: .created)
    }

    struct PurchaseRequest: Decodable {
        let courseID: UUID
        let paymentMethod: String?

        func method() throws -> PaymentMethod {
            guard let text = paymentMethod else { return .card }
            guard let method = PaymentMethod(rawValue: text), method != .free else {
                throw APIError.validation([.init(field: "payment_method", issue: "must be card or bank_transfer")])
            }
            return method
        }
    }

    struct SubscribeRequest: Decodable {
        let plan: String
    }

    struct TransactionList: Encodable, Sendable {
        let transactions: [PaymentTransaction]
    }

    struct SubscriptionReply: Encodable, Sendable {
        let subscription: Subscription
        let clientSecret: String?
    }
}

/// What `POST /purchase` and `POST /refund` answer: the transaction, and the intent to confirm.
struct TransactionReply: Encodable, Sendable {
    let transaction: PaymentTransaction
    let paymentIntent: PaymentIntent?
}
