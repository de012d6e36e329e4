import Email
import Foundation
import KafkaClient
import Logging
import Pipeline
import PostgresClient
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension EmailSendingProcesses {
    /// The `relais work email` process and the `relais email` operator commands, against a private
    /// SMTP sink and the shared PostgreSQL and broker.
    @Suite("Email worker process", .serialized)
    struct EmailWorkerProcessTests {
        static let maxConnections = 4

        @Test("killing the email worker mid-batch: every message delivered, duplicates only within the documented window")
        func crashSafety() async throws {
            let sink = try await SMTPSink.start(["--pipelining"])
            defer { sink.stop() }
            // The real catalogue with this test's own consumer group for the email kind, so `relais`
            // finds every command type it registers and topic settings match what other tests apply;
            // the assertions only look at this test's ids. (This suite is serialized: its other test
            // also consumes email.send.)
            let catalogue = try PrivateCatalogue(kinds: ["email"])
            let catalogueFile = catalogue.file
            defer { catalogue.remove() }
            let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
            try await TopicPlanner(admin: admin, catalogue: try TopicCatalogue.parse(yaml: catalogue.yaml)).apply()
            admin.close()
            let postgres = try await TestClients.migratedPostgres()
            let producer = try TestClients.producer()

            let run = UUID().uuidString.prefix(8).lowercased()
            var ids: [UUID] = []
            var messages: [KafkaOutgoingMessage] = []
            for index in 0..<1_500 {
                let email = SendEmail(template: .paymentReceipt, to: "crash-\(index)-\(run)@example.test",
                                      variables: ["first_name": "Ana", "amount": "1,00 €", "description": "Test",
                                                  "receipt_number": "R-\(index)", "paid_at": "22/11/2026"])
                let envelope = try CommandEnvelope(email, actor: "system:test", traceparent: nil)
                ids.append(envelope.id)
                messages.append(envelope.message(topic: TopicName("email.send")))
            }
            _ = try await producer.sendBatch(messages)

            func sent() async throws -> Int {
                try await postgres.query("""
                    SELECT count(*) AS n FROM messaging.email_deliveries WHERE command_id = ANY(\(ids)) AND status = 'sent'
                    """).first?.decode(Int.self, column: "n") ?? 0
            }
            func startWorker() throws -> RelaisProcess {
                try RelaisProcess(["work", "email"], environment: [
                    "RELAIS_TOPICS_FILE": catalogueFile.path, "SMTP_URL": "smtp+insecure://127.0.0.1:\(sink.port)",
                    "SMTP_MAX_CONNECTIONS": String(Self.maxConnections), "WORKER_PORT": String(TestStack.serverPort()),
                    "LOG_LEVEL": "error",
                ])
            }

            let kills = 2
            for _ in 0..<kills {
                let worker = try startWorker()
                let before = try await sent()
                try await Eventually.wait(for: "progress before the kill", timeout: .seconds(90)) { try await sent() > before + 150 }
                worker.signal(SIGKILL)
                _ = await worker.waitForExit(timeout: .seconds(5))
            }
            let worker = try startWorker()
            try await Eventually.wait(for: "all 1,500 sent", timeout: .seconds(120)) { try await sent() >= ids.count }
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)

            let wanted = Set(ids.map { $0.uuidString.lowercased() })
            var copies: [String: Int] = [:]
            for file in try sink.messages() {
                // The worker's X-Relais-Command-ID header, read without a full MIME parse.
                let head = String(decoding: try Data(contentsOf: file).prefix(4_096), as: UTF8.self)
                guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("X-Relais-Command-ID: ") }) else { continue }
                let id = String(line.dropFirst("X-Relais-Command-ID: ".count))
                if wanted.contains(id) { copies[id, default: 0] += 1 }
            }
            #expect(copies.count == ids.count, "every command reached the server")
            let duplicated = copies.values.filter { $0 > 1 }.count
            // The window (DeliveryLogStore): a kill between the server's 250 and the `sent` commit.
            // At most one transaction per SMTP connection is in that window when the process dies.
            #expect(duplicated <= kills * Self.maxConnections, "\(duplicated) duplicates")
            await producer.shutdown(timeout: .seconds(5))
            await postgres.close()
        }

        @Test("relais email suppressions lists entries and --remove takes one off; relais email log filters by status and recipient")
        func operatorCommands() async throws {
            let postgres = try await TestClients.migratedPostgres()
            let address = "ops-\(UUID().uuidString.prefix(8).lowercased())@example.test"
            let suppressions = SuppressionStore(postgres: postgres)
            try await suppressions.suppress(address, reason: "550 5.1.1 No such user", for: .seconds(3_600), commandID: nil)

            let listed = try await RelaisProcess.run(["email", "suppressions"])
            #expect(listed.status == 0)
            #expect(listed.output.contains(address) && listed.output.contains("550 5.1.1"))
            let removed = try await RelaisProcess.run(["email", "suppressions", "--remove", address.uppercased()])
            #expect(removed.status == 0 && removed.output.contains("removed"))
            #expect(try await !suppressions.isSuppressed(address))

            let deliveries = DeliveryLogStore(postgres: postgres)
            let id = UUIDv7.make()
            let email = SendEmail(template: .passwordChanged, to: address,
                                  variables: ["first_name": "Ana", "changed_at": "now", "support_url": "https://relais.test/help"])
            _ = try await deliveries.begin(commandID: id, email: email, messageID: "\(id)@relais.test")
            try await deliveries.finish(commandID: id, status: .sent, reply: "250 2.0.0 Ok")
            let log = try await RelaisProcess.run(["email", "log", "--status", "sent", "--recipient", address])
            #expect(log.status == 0)
            #expect(log.output.contains(id.uuidString.lowercased()) && log.output.contains("password_changed"))
            let none = try await RelaisProcess.run(["email", "log", "--status", "failed", "--recipient", address])
            #expect(none.output.contains("no deliveries match"))
            let bad = try await RelaisProcess.run(["email", "log", "--status", "lost"])
            #expect(bad.status != 0 && bad.output.contains("--status must be one of"))
            await postgres.close()
        }

        @Test("relais serve + relais work email: the verification and reset emails arrive at the SMTP server and their links work")
        func identityEmailsArriveWithWorkingLinks() async throws {
            let sink = try await SMTPSink.start()
            defer { sink.stop() }
            let httpPort = TestStack.serverPort()
            let environment = [
                "HTTP_PORT": String(httpPort), "SMTP_URL": "smtp+insecure://127.0.0.1:\(sink.port)",
                "WORKER_PORT": String(TestStack.serverPort()), "BCRYPT_COST": "4", "LOG_LEVEL": "error",
                "RATE_LIMIT_REGISTER": "1000/1m", "RATE_LIMIT_PASSWORD_RESET": "1000/1m", "RATE_LIMIT_LOGIN": "1000/1m",
            ]
            let ingress = try RelaisProcess(["serve"], environment: environment)
            let worker = try RelaisProcess(["work", "email"], environment: environment)
            defer { ingress.kill(); worker.kill() }
            try await Eventually.wait(for: "the ingress", timeout: .seconds(30)) { await RelaisProcess.get(port: httpPort, "/health")?.status == 200 }

            let email = "mailbox-\(UUID().uuidString.prefix(8).lowercased())@example.test"
            let registered = await RelaisProcess.post(port: httpPort, "/v1/auth/register", json: [
                "email": email, "password": "Correct-Horse-9", "first_name": "Zoë", "last_name": "Lima", "language": "en",
            ])
            #expect(registered?.status == 201)
            let verification = try await Self.arrived(at: sink, to: email, linkPath: "/verify-email?token=")
            #expect(verification.subject.isEmpty == false)
            let verified = await RelaisProcess.post(port: httpPort, "/v1/auth/verify-email", json: ["token": try Self.token(in: verification)])
            #expect(verified?.status == 200)

            #expect(await RelaisProcess.post(port: httpPort, "/v1/auth/request-password-reset", json: ["email": email])?.status == 200)
            let reset = try await Self.arrived(at: sink, to: email, linkPath: "/reset-password?token=")
            let changed = await RelaisProcess.post(port: httpPort, "/v1/auth/reset-password",
                                                   json: ["token": try Self.token(in: reset), "new_password": "Fresh-Start-2026"])
            #expect(changed?.status == 200)
            let login = await RelaisProcess.post(port: httpPort, "/v1/auth/login", json: ["email": email, "password": "Fresh-Start-2026"])
            #expect(login?.status == 200)
            ingress.signal(SIGTERM)
            worker.signal(SIGTERM)
            #expect(await ingress.waitForExit(timeout: .seconds(20)) == 0)
            #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
        }

        /// The first stored message to `address` whose text has a link containing `linkPath`.
        static func arrived(at sink: SMTPSink, to address: String, linkPath: String) async throws -> DecodedMessage {
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                let found = try sink.messages().map(DecodedMessage.decode).first { message in
                    message.envelope["X-Relais-Rcpt-To"] == [address] && (message.text ?? "").contains(linkPath)
                }
                if let found { return found }
                try await Task.sleep(for: .milliseconds(250))
            }
            throw TestSetupError(description: "no email with a \(linkPath) link arrived")
        }

        static func token(in message: DecodedMessage) throws -> String {
            let text = message.text ?? ""
            let range = try #require(text.range(of: "token="))
            return String(text[range.upperBound...].prefix { !$0.isWhitespace })
        }
    }
}
