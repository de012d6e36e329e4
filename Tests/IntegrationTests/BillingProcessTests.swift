import Billing
import Foundation
import Logging
import PostgresClient
import Testing
import TestSupport

extension EmailSendingProcesses {
    /// `relais serve` + `relais work webhooks email` as real processes: purchases and subscriptions
    /// through the HTTP API, Stripe-style signed events through the intake, Kafka and the webhook
    /// worker, to PostgreSQL and a private SMTP server.
    @Suite("Billing and Stripe webhooks (processes)", .serialized)
    struct BillingProcessTests {
        final class Deployment: Sendable {
            let httpPort = TestStack.serverPort()
            let sink: SMTPSink
            let catalogue: PrivateCatalogue
            let ingress: RelaisProcess
            let worker: RelaisProcess
            let postgres: PostgresClient
            let sender: StripeEventSender

            init() async throws {
                sink = try await SMTPSink.start()
                catalogue = try PrivateCatalogue(kinds: ["webhooks", "email"])
                let environment = [
                    "HTTP_PORT": String(httpPort), "WORKER_PORT": String(TestStack.serverPort()), "RELAIS_TOPICS_FILE": catalogue.file.path,
                    "SMTP_URL": "smtp+insecure://127.0.0.1:\(sink.port)", "BCRYPT_COST": "4", "LOG_LEVEL": "error",
                    "RATE_LIMIT_REGISTER": "1000/1m", "RATE_LIMIT_LOGIN": "1000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
                ]
                _ = try await RelaisProcess.run(["topics", "apply"], environment: environment)
                ingress = try RelaisProcess(["serve"], environment: environment)
                worker = try RelaisProcess(["work", "webhooks", "email"], environment: environment)
                postgres = try await TestClients.migratedPostgres()
                sender = StripeEventSender(endpoint: "http://127.0.0.1:\(httpPort)/v1/webhooks/stripe", secret: BillingSettings.developmentWebhookSecret)
                let port = httpPort
                try await Eventually.wait(for: "the ingress", timeout: .seconds(30)) { await RelaisProcess.get(port: port, "/health")?.status == 200 }
            }

            func stop() async {
                ingress.kill()
                worker.kill()
                sink.stop()
                catalogue.remove()
                await postgres.close()
            }

            /// Registers a learner; returns its id, token and email address.
            func learner() async throws -> (id: String, token: String, email: String) {
                let email = "buyer-\(UUID().uuidString.prefix(8).lowercased())@example.test"
                let reply = await RelaisProcess.post(port: httpPort, "/v1/auth/register", json: [
                    "email": email, "password": "Correct-Horse-9", "first_name": "Inès", "last_name": "Test", "language": "fr",
                ])
                let data = try #require(reply?.body["data"] as? [String: Any], "register answered \(reply?.status ?? 0)")
                let id = try #require((data["user"] as? [String: Any])?["id"] as? String)
                return (id, try #require(data["token"] as? String), email)
            }

            func course(price: Int64, pricingModel: String = "one-time") async throws -> String {
                let id = UUID()
                try await postgres.execute("""
                    INSERT INTO academy.courses (id, title, price_amount, currency, status, pricing_model)
                    VALUES (\(id), 'Analyse de données avec R', \(price), 'EUR', 'published', \(pricingModel))
                    """)
                return id.uuidString
            }

            func call(_ method: String, _ path: String, token: String, json: [String: Any]? = nil) async throws -> (status: Int, data: [String: Any]) {
                let reply = try #require(await RelaisProcess.send(method, port: httpPort, path, token: token, json: json), "\(method) \(path) got no answer")
                return (reply.status, reply.body["data"] as? [String: Any] ?? [:])
            }

            /// Buys `course`; returns the transaction id and the payment intent id.
            func purchase(_ course: String, token: String) async throws -> (transaction: String, intent: String) {
                let bought = try await call("POST", "/v1/billing/purchase", token: token, json: ["course_id": course])
                #expect(bought.status == 201)
                let transaction = try #require((bought.data["transaction"] as? [String: Any])?["id"] as? String)
                let intent = try #require((bought.data["payment_intent"] as? [String: Any])?["id"] as? String)
                return (transaction, intent)
            }

            func entitledCourses(_ user: (id: String, token: String, email: String)) async throws -> [String] {
                try await call("GET", "/v1/billing/users/\(user.id)/entitlements", token: user.token).data["courses"] as? [String] ?? []
            }

            func transactionStatus(_ id: String, token: String) async throws -> String? {
                let list = try await call("GET", "/v1/billing/transactions", token: token).data["transactions"] as? [[String: Any]] ?? []
                return list.first { $0["id"] as? String == id }?["status"] as? String
            }

            func eventStatus(_ id: String) async throws -> String? {
                try await postgres.query("SELECT status FROM billing.webhook_events WHERE id = \(id)").first?.decode(String.self, column: "status")
            }

            /// Emails at the sink addressed to `address`.
            func emails(to address: String) throws -> [String] {
                try sink.messages().compactMap { try? String(contentsOf: $0, encoding: .utf8) }.filter { $0.contains(address) }
            }

            /// A payment intent event for a purchase, as Stripe would send it.
            static func intentEvent(_ type: String, intent: String, transaction: String, amount: Int, created: Int64) -> [UInt8] {
                var object: [String: Any] = [
                    "id": intent, "object": "payment_intent", "amount": amount, "currency": "eur",
                    "metadata": ["relais_transaction_id": transaction.lowercased()],
                ]
                if type == "payment_intent.succeeded" {
                    object["amount_received"] = amount
                    object["status"] = "succeeded"
                } else {
                    object["status"] = "requires_payment_method"
                    object["last_payment_error"] = ["code": "card_declined", "message": "Your card was declined."]
                }
                let event: [String: Any] = [
                    "id": "evt_\(UUID().uuidString.prefix(18))", "object": "event", "type": type, "created": created, "livemode": false,
                    "data": ["object": object],
                ]
                return Array((try? JSONSerialization.data(withJSONObject: event)) ?? Data())
            }
        }

        @Test("purchase → payment_intent.succeeded → entitlement visible and a receipt at the SMTP server; the same event delivered 5 times concurrently is applied once")
        func purchaseSucceedsOnceUnderDuplicates() async throws {
            let deployment = try await Deployment()
            do {
                let learner = try await deployment.learner()
                let course = try await deployment.course(price: 4900)
                let bought = try await deployment.purchase(course, token: learner.token)
                let payload = Deployment.intentEvent("payment_intent.succeeded", intent: bought.intent, transaction: bought.transaction,
                                                     amount: 4900, created: Int64(Date().timeIntervalSince1970))
                let sender = deployment.sender
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<5 { group.addTask { try await sender.send(payload: payload) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses == [200, 200, 200, 200, 200])

                try await Eventually.wait(for: "the entitlement", timeout: .seconds(30)) { try await deployment.entitledCourses(learner).contains(course) }
                #expect(try await deployment.transactionStatus(bought.transaction, token: learner.token) == "completed")
                // The receipt number is the transaction id's first 12 hex digits (BillingFollowUps).
                let receiptNumber = "R-" + bought.transaction.replacingOccurrences(of: "-", with: "").uppercased().prefix(12)
                try await Eventually.wait(for: "the receipt", timeout: .seconds(30)) {
                    try deployment.emails(to: learner.email).contains { $0.contains(receiptNumber) }
                }
                let eventID = try #require(StripeEventHeadProbe.id(payload))
                try await Eventually.wait(for: "all 5 deliveries handled", timeout: .seconds(30)) {
                    try await deployment.postgres.query("SELECT attempts FROM billing.webhook_events WHERE id = \(eventID)")
                        .first?.decode(Int.self, column: "attempts") == 5
                }
                // Every delivery has been handled; give the outbox and the email worker time to show a second copy if one existed.
                try await Task.sleep(for: .seconds(2))
                let receipts = try deployment.emails(to: learner.email).filter { $0.contains(receiptNumber) }
                #expect(receipts.count == 1)
                #expect(receipts.first?.contains("49,00") == true)
                #expect(try await deployment.eventStatus(eventID) == "processed")
                let notifications = try await deployment.postgres.query("""
                    SELECT count(*) AS n FROM pipeline.outbox WHERE command_type = 'DispatchNotification' AND convert_from(payload, 'UTF8') LIKE \("%\(bought.transaction.lowercased())%")
                    """).first?.decode(Int.self, column: "n")
                #expect(notifications == 1)
            } catch {
                await deployment.stop()
                throw error
            }
            await deployment.stop()
        }

        @Test("a payment_failed created before the applied success is stale and changes nothing; a newer one fails the purchase and removes the entitlement")
        func orderingGuard() async throws {
            let deployment = try await Deployment()
            do {
                let learner = try await deployment.learner()
                let course = try await deployment.course(price: 2500)
                let bought = try await deployment.purchase(course, token: learner.token)
                let now = Int64(Date().timeIntervalSince1970)
                let success = Deployment.intentEvent("payment_intent.succeeded", intent: bought.intent, transaction: bought.transaction, amount: 2500, created: now)
                #expect(try await deployment.sender.send(payload: success) == 200)
                try await Eventually.wait(for: "the entitlement", timeout: .seconds(30)) { try await deployment.entitledCourses(learner).contains(course) }

                let older = Deployment.intentEvent("payment_intent.payment_failed", intent: bought.intent, transaction: bought.transaction, amount: 2500, created: now - 60)
                #expect(try await deployment.sender.send(payload: older) == 200)
                let olderID = try #require(StripeEventHeadProbe.id(older))
                try await Eventually.wait(for: "the older failure recorded", timeout: .seconds(30)) { try await deployment.eventStatus(olderID) == "stale" }
                #expect(try await deployment.transactionStatus(bought.transaction, token: learner.token) == "completed")
                #expect(try await deployment.entitledCourses(learner).contains(course))

                let newer = Deployment.intentEvent("payment_intent.payment_failed", intent: bought.intent, transaction: bought.transaction, amount: 2500, created: now + 60)
                #expect(try await deployment.sender.send(payload: newer) == 200)
                try await Eventually.wait(for: "the newer failure applied", timeout: .seconds(30)) {
                    try await deployment.transactionStatus(bought.transaction, token: learner.token) == "failed"
                }
                #expect(try await !deployment.entitledCourses(learner).contains(course))
            } catch {
                await deployment.stop()
                throw error
            }
            await deployment.stop()
        }

        @Test("refund: relais billing simulate succeeds the intent, the owner asks a refund, charge.refunded completes it and removes the entitlement; checkout.session.completed completes a purchase")
        func refundCompletesThroughChargeRefunded() async throws {
            let deployment = try await Deployment()
            do {
                let learner = try await deployment.learner()
                let course = try await deployment.course(price: 3900)
                let bought = try await deployment.purchase(course, token: learner.token)
                let simulate = ["HTTP_PORT": String(deployment.httpPort), "LOG_LEVEL": "error"]
                let succeeded = try await RelaisProcess.run(["billing", "simulate", "--intent", bought.intent, "--outcome", "succeeded"], environment: simulate)
                #expect(succeeded.status == 0, "\(succeeded.output)")
                #expect(succeeded.output.contains("payment_intent.succeeded"))
                try await Eventually.wait(for: "the entitlement", timeout: .seconds(30)) { try await deployment.entitledCourses(learner).contains(course) }

                let refund = try await deployment.call("POST", "/v1/billing/refund/\(bought.transaction)", token: learner.token)
                #expect(refund.status == 202)
                #expect(try await deployment.transactionStatus(bought.transaction, token: learner.token) == "completed")
                let refunded = try await RelaisProcess.run(["billing", "simulate", "--intent", bought.intent, "--outcome", "refunded"], environment: simulate)
                #expect(refunded.status == 0, "\(refunded.output)")
                try await Eventually.wait(for: "the refund applied", timeout: .seconds(30)) {
                    try await deployment.transactionStatus(bought.transaction, token: learner.token) == "refunded"
                }
                #expect(try await !deployment.entitledCourses(learner).contains(course))
                // A Checkout Session paid for another purchase completes it the same way.
                let other = try await deployment.course(price: 1200)
                let second = try await deployment.purchase(other, token: learner.token)
                let session = try JSONSerialization.data(withJSONObject: [
                    "id": "evt_checkout_\(UUID().uuidString.prefix(8))", "object": "event", "type": "checkout.session.completed",
                    "created": Int(Date().timeIntervalSince1970), "data": ["object": [
                        "id": "cs_test_\(UUID().uuidString.prefix(8))", "object": "checkout.session", "mode": "payment",
                        "payment_status": "paid", "amount_total": 1200, "currency": "eur", "payment_intent": second.intent,
                        "metadata": ["relais_transaction_id": second.transaction.lowercased()],
                    ]],
                ])
                #expect(try await deployment.sender.send(payload: Array(session)) == 200)
                try await Eventually.wait(for: "the checkout purchase", timeout: .seconds(30)) {
                    try await deployment.entitledCourses(learner).contains(other)
                }

                let unknown = try await RelaisProcess.run(["billing", "simulate", "--intent", "pi_missing", "--outcome", "succeeded"], environment: simulate)
                #expect(unknown.status != 0)
                #expect(unknown.output.contains("no object pi_missing"))
            } catch {
                await deployment.stop()
                throw error
            }
            await deployment.stop()
        }

        @Test("subscription created → renewed → cancelled is reflected in subscriptions/active and entitlements; unknown event types are recorded and acknowledged")
        func subscriptionLifecycle() async throws {
            let deployment = try await Deployment()
            do {
                let learner = try await deployment.learner()
                let included = try await deployment.course(price: 0, pricingModel: "subscription")
                let subscribed = try await deployment.call("POST", "/v1/billing/subscribe", token: learner.token, json: ["plan": "pro"])
                #expect(subscribed.status == 201)
                let providerID = try #require((subscribed.data["subscription"] as? [String: Any])?["stripe_subscription_id"] as? String)
                #expect(try await !deployment.entitledCourses(learner).contains(included))

                let simulator = LocalStripeSimulator(provider: LocalStripeProvider(postgres: deployment.postgres), sender: deployment.sender)
                _ = try await simulator.simulate(subscription: providerID, outcome: .activated)
                try await Eventually.wait(for: "the active subscription", timeout: .seconds(30)) {
                    try await deployment.call("GET", "/v1/billing/subscriptions/active", token: learner.token).status == 200
                }
                #expect(try await deployment.entitledCourses(learner).contains(included))
                let firstRenewal = try await deployment.call("GET", "/v1/billing/subscriptions/active", token: learner.token)
                    .data["subscription"].flatMap { ($0 as? [String: Any])?["renewal_date"] as? String }

                _ = try await simulator.simulate(subscription: providerID, outcome: .renewed)
                try await Eventually.wait(for: "the renewal", timeout: .seconds(30)) {
                    let renewal = try await deployment.call("GET", "/v1/billing/subscriptions/active", token: learner.token)
                        .data["subscription"].flatMap { ($0 as? [String: Any])?["renewal_date"] as? String }
                    return renewal != nil && renewal != firstRenewal
                }
                try await Eventually.wait(for: "the invoice receipt", timeout: .seconds(30)) { try deployment.emails(to: learner.email).count >= 1 }

                _ = try await simulator.simulate(subscription: providerID, outcome: .cancelled)
                try await Eventually.wait(for: "the cancellation", timeout: .seconds(30)) {
                    try await deployment.call("GET", "/v1/billing/subscriptions/active", token: learner.token).status == 404
                }
                #expect(try await !deployment.entitledCourses(learner).contains(included))

                let unknown = try #require(try JSONSerialization.data(withJSONObject: [
                    "id": "evt_unknown_\(UUID().uuidString.prefix(8))", "object": "event", "type": "customer.created",
                    "created": Int(Date().timeIntervalSince1970), "data": ["object": ["id": "cus_\(UUID().uuidString.prefix(8))"]],
                ]))
                #expect(try await deployment.sender.send(payload: Array(unknown)) == 200)
                let unknownID = try #require(StripeEventHeadProbe.id(Array(unknown)))
                try await Eventually.wait(for: "the unknown event recorded", timeout: .seconds(30)) { try await deployment.eventStatus(unknownID) == "unhandled" }
            } catch {
                await deployment.stop()
                throw error
            }
            await deployment.stop()
        }
    }

    /// Reads an event id back from a test payload.
    enum StripeEventHeadProbe {
        static func id(_ payload: [UInt8]) -> String? {
            try? StripeEventHead(parsing: payload).id
        }
    }
}
