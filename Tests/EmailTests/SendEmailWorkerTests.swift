import Email
import EmailWorker
import Foundation
import KafkaClient
import Logging
import Pipeline
import PostgresClient
import SMTPClient
import Testing
import TestSupport

/// The `email` worker end to end: SendEmail on Kafka → WorkerRunner → SendEmailHandler → a real
/// SMTP server (a private, scripted smtp-sink.py) and the delivery log / suppression list in
/// PostgreSQL. Recipients' local parts script the server: `defer2-` answers 451 twice,
/// `bounce-` answers 550 5.1.1, `bounce1-` answers 550 5.1.1 once and then accepts.
@Suite("Email worker", .serialized)
struct SendEmailWorkerTests {
    struct World {
        let topic: String
        let catalogue: TopicCatalogue
        let postgres: PostgresClient
        let producer: KafkaProducer
        let sink: SMTPSink
        let smtp: SMTPClient
        let deliveries: DeliveryLogStore
        let suppressions: SuppressionStore

        init(sinkOptions: [String] = ["--scripted"], smtpURL: ((Int) -> String)? = nil, attempts: Int = 4) async throws {
            topic = TestStack.uniqueName("test.email")
            catalogue = try TopicCatalogue.parse(yaml: """
                version: 1
                workers:
                  email: { group: \(TestStack.uniqueName("relais.test-email")) }
                topics:
                  \(topic):
                    partitions: 3
                    key: recipient digest
                    worker: email
                    commands: [SendEmail]
                    ordering: key
                    retry: { attempts: \(attempts), initial: 100ms, max: 300ms, jitter: 0 }
                    dead_letter: \(topic).dlq
                  \(topic).dlq:
                    partitions: 1
                    key: same
                """)
            postgres = try await TestClients.migratedPostgres()
            producer = try TestClients.producer()
            let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
            defer { admin.close() }
            try await TopicPlanner(admin: admin, catalogue: catalogue).apply()
            sink = try await SMTPSink.start(sinkOptions)
            let url = smtpURL?(sink.port) ?? "smtp+insecure://127.0.0.1:\(sink.port)"
            smtp = try SMTPClient(configuration: try SMTPConfiguration(url: url), logger: Logger(label: "test.smtp"))
            deliveries = DeliveryLogStore(postgres: postgres)
            suppressions = SuppressionStore(postgres: postgres)
        }

        func runner() throws -> WorkerRunner {
            var handlers = HandlerRegistry()
            handlers.register(SendEmailHandler(
                templates: try EmailTemplateCatalogue.load(), smtp: smtp,
                sender: try MailAddress(parsing: "Relais Tests <no-reply@relais.test>"),
                deliveries: deliveries, suppressions: suppressions,
                maxAttempts: catalogue.topics[0].retry.attempts))
            let settings = RunnerSettings.testing
            return WorkerRunner(worker: catalogue.workers[0], catalogue: catalogue, handlers: handlers, brokers: TestStack.kafkaBrokers,
                                producer: producer, postgres: postgres, health: WorkerHealth(hungThreshold: .seconds(30)),
                                settings: settings, logger: Logger(label: "test.email-worker"))
        }

        /// Runs the worker while `body` runs.
        func whileRunning(_ body: () async throws -> Void) async throws {
            let runner = try runner()
            let task = Task { try await runner.run() }
            defer { task.cancel() }
            try await body()
            task.cancel()
            _ = await task.result
        }

        @discardableResult
        func publish(_ email: SendEmail, id: UUID = UUIDv7.make()) async throws -> UUID {
            let envelope = try CommandEnvelope(email, actor: "system:test", traceparent: nil, id: id)
            _ = try await producer.send(envelope.message(topic: TopicName(topic)))
            return id
        }

        func waitForStatus(_ id: UUID, _ status: DeliveryStatus, timeout: Duration = .seconds(40)) async throws -> DeliveryRecord {
            try await Eventually.wait(for: "delivery \(status.rawValue)", timeout: timeout) {
                try await deliveries.record(commandID: id)?.status == status
            }
            return try #require(try await deliveries.record(commandID: id))
        }

        /// The stored messages whose X-Relais-Command-ID header is `id`.
        func messages(for id: UUID) throws -> [DecodedMessage] {
            try sink.messages().map(DecodedMessage.decode).filter { $0.commandID == id.uuidString.lowercased() }
        }

        func close() async {
            await smtp.shutdown()
            sink.stop()
            await producer.shutdown(timeout: .seconds(5))
            await postgres.close()
        }
    }

    static func address(_ prefix: String) -> String {
        "\(prefix)\(UUID().uuidString.prefix(8).lowercased())@example.test"
    }

    static func reset(to address: String, url: String = "https://relais.test/reset?t=1") -> SendEmail {
        SendEmail(template: .passwordReset, locale: .en, to: address, toName: "Ana",
                  variables: ["first_name": "Ana", "reset_url": url, "expires_in_minutes": "60"])
    }

    static func receipt(to address: String) -> SendEmail {
        SendEmail(template: .paymentReceipt, locale: .fr, to: address,
                  variables: ["first_name": "Ana", "amount": "49,00 €", "description": "Cours Swift",
                              "receipt_number": "R-1", "paid_at": "22/11/2026"])
    }

    @Test("a plain email is delivered once, logged as sent with the server's reply and a stable Message-ID")
    func delivers() async throws {
        let world = try await World()
        let to = Self.address("ana-")
        try await world.whileRunning {
            let id = try await world.publish(Self.receipt(to: to))
            let record = try await world.waitForStatus(id, .sent)
            #expect(record.attempts == 1)
            #expect(record.lastReply?.hasPrefix("250") == true)
            #expect(record.messageID == "\(id.uuidString.lowercased())@relais.test")
            let messages = try world.messages(for: id)
            #expect(messages.count == 1)
            #expect(messages.first?.messageID == "<\(record.messageID)>")
            #expect(messages.first?.envelope["X-Relais-Rcpt-To"] == [to])
            #expect(messages.first?.subject.contains("R-1") == true || messages.first?.text?.contains("R-1") == true)
        }
        await world.close()
    }

    @Test("a server answering 451 twice then 250: delivered exactly once, attempts = 3")
    func deferredThenDelivered() async throws {
        let world = try await World()
        try await world.whileRunning {
            let id = try await world.publish(Self.receipt(to: Self.address("defer2-")))
            let record = try await world.waitForStatus(id, .sent)
            #expect(record.attempts == 3)
            #expect(try world.messages(for: id).count == 1)
        }
        await world.close()
    }

    @Test("550 5.1.1: permanent, address suppressed, dead letter written; next transactional mail skipped, password reset still sent")
    func hardBounceSuppresses() async throws {
        let world = try await World()
        let to = Self.address("bounce1-")
        try await world.whileRunning {
            let bounced = try await world.publish(Self.receipt(to: to))
            let failed = try await world.waitForStatus(bounced, .failed)
            #expect(failed.attempts == 1, "a permanent refusal is not retried")
            #expect(failed.lastReply?.hasPrefix("550 5.1.1") == true)
            #expect(try await world.suppressions.isSuppressed(to))
            try await Eventually.wait(for: "dead letter", timeout: .seconds(20)) {
                try await !world.postgres.query("SELECT 1 AS x FROM pipeline.dead_letters WHERE command_id = \(bounced)").isEmpty
            }

            let skipped = try await world.publish(Self.receipt(to: to))
            _ = try await world.waitForStatus(skipped, .suppressed)
            #expect(try world.messages(for: skipped).isEmpty)

            let reset = try await world.publish(Self.reset(to: to))
            _ = try await world.waitForStatus(reset, .sent)
            #expect(try world.messages(for: reset).count == 1, "security mail ignores the suppression list")
        }
        await world.close()
    }

    @Test("the same SendEmail command delivered twice reaches the server once")
    func duplicateCommandSendsOnce() async throws {
        let world = try await World()
        try await world.whileRunning {
            let id = UUIDv7.make()
            try await world.publish(Self.receipt(to: Self.address("dup-")), id: id)
            _ = try await world.waitForStatus(id, .sent)
            try await world.publish(Self.receipt(to: Self.address("dup-")), id: id)
            // A later command on another key proves the duplicate was consumed by then.
            let marker = try await world.publish(Self.receipt(to: Self.address("marker-")))
            _ = try await world.waitForStatus(marker, .sent)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try world.messages(for: id).count == 1)
            #expect(try await world.deliveries.record(commandID: id)?.attempts == 1)
        }
        await world.close()
    }

    @Test("non-ASCII names, subject and body, and a body line starting with '.', arrive intact")
    func unicodeAndDotStuffing() async throws {
        let world = try await World()
        let to = Self.address("zoe-")
        try await world.whileRunning {
            var email = Self.reset(to: to, url: ".well-known/reset?token=é")
            email.toName = "Zoë Müller 🎉"
            email.variables["first_name"] = "Zoë 🎉 Ünal"
            let id = try await world.publish(email)
            _ = try await world.waitForStatus(id, .sent)
            let message = try #require(try world.messages(for: id).first)
            #expect(message.to.first?.name == "Zoë Müller 🎉")
            #expect(message.text?.contains("Zoë 🎉 Ünal") == true)
            #expect(message.text?.contains("\n.well-known/reset?token=é") == true, "the dot line is unstuffed by the server")
            #expect(message.html?.contains("Zoë 🎉 Ünal") == true)
            #expect(message.defects.isEmpty)
        }
        await world.close()
    }

    @Test("a server that rejects the password: permanent failure, logged reply 535, no retry")
    func wrongPasswordIsPermanent() async throws {
        let world = try await World(sinkOptions: ["--auth-user", "relais", "--auth-password", "right"],
                                    smtpURL: { "smtp+insecure://relais:wrong@127.0.0.1:\($0)" })
        try await world.whileRunning {
            let id = try await world.publish(Self.receipt(to: Self.address("auth-")))
            let record = try await world.waitForStatus(id, .failed)
            #expect(record.attempts == 1)
            #expect(record.lastReply?.hasPrefix("535") == true)
            #expect(record.lastReply?.contains("wrong") == false, "the password never reaches the log")
        }
        await world.close()
    }

    @Test("an unreachable server defers (retries), and the last attempt is recorded as failed")
    func unreachableServerDefersThenFails() async throws {
        let world = try await World(smtpURL: { _ in "smtp+insecure://127.0.0.1:1" }, attempts: 2)
        try await world.whileRunning {
            let id = try await world.publish(Self.receipt(to: Self.address("down-")))
            let record = try await world.waitForStatus(id, .failed)
            #expect(record.attempts == 2)
            #expect(record.lastReply?.contains("connectionFailed") == true)
        }
        await world.close()
    }

    @Test("a command whose variables do not fit its template is dead-lettered without contacting the server")
    func badTemplateVariablesArePermanent() async throws {
        let world = try await World()
        try await world.whileRunning {
            var email = Self.receipt(to: Self.address("tpl-"))
            email.variables.removeValue(forKey: "amount")
            let id = try await world.publish(email)
            let record = try await world.waitForStatus(id, .failed)
            #expect(record.lastReply?.contains("amount") == true)
            #expect(try world.sink.messages().isEmpty)
        }
        await world.close()
    }
}
