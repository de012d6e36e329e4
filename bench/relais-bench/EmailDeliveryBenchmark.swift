import Email
import EmailWorker
import Foundation
import KafkaClient
import Logging
import Migrations
import Pipeline
import PostgresClient
import SMTPClient
import TestSupport

/// Issue 4's figure: messages/s delivered by the `email` worker (Kafka → template → SMTP with
/// connection reuse and pipelining, delivery log in PostgreSQL) vs a Python `smtplib` loop sending
/// the same rendered messages over one reused connection, both to the same private smtp-sink.py
/// (advertising PIPELINING) in the same run. Target ratio >= 1.0 and >= 300 messages/s.
enum EmailDeliveryBenchmark {
    static let count = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_EMAILS"] ?? "") ?? 3_000

    static func email(_ index: Int, run: String) -> SendEmail {
        SendEmail(template: .paymentReceipt, locale: .fr, to: "bench-\(index)-\(run)@example.test", toName: "Zoë Bench",
                  variables: ["first_name": "Zoë", "amount": "49,00 €", "description": "Cours Swift avancé",
                              "receipt_number": "R-\(index)", "paid_at": "22/11/2026"])
    }

    /// Counts handled commands around the real handler.
    struct CountingHandler: CommandHandler {
        let inner: SendEmailHandler
        let progress: WorkerRuntimeBenchmark.Progress

        func handle(_ command: SendEmail, context: HandlerContext) async throws {
            try await inner.handle(command, context: context)
            progress.tick()
        }
    }

    static let rounds = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_ROUNDS"] ?? "") ?? 5

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        // The sink writes one file per message; on tmpfs that costs both senders the same and
        // little, rather than a directory that grows on disk and slows each round more.
        let memory = URL(fileURLWithPath: "/dev/shm")
        let sink = try await SMTPSink.start(["--pipelining"], in: FileManager.default.fileExists(atPath: memory.path) ? memory : FileManager.default.temporaryDirectory)
        defer { sink.stop() }
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: settings.kafkaBrokers), logger: logger)
        let templates = try EmailTemplateCatalogue.load()
        let sender = try MailAddress(parsing: "Relais Bench <no-reply@relais.test>")
        // Alternating rounds, best of each side: on two shared cores one round is easily slowed.
        var relaisRates: [Double] = []
        var smtplibRates: [Double] = []
        var statistics: SMTPClient.Statistics?
        for round in 1...rounds {
            smtplibRates.append(try smtplibRate(sink: sink, templates: templates, sender: sender))
            let (rate, roundStatistics) = try await relaisRate(sink: sink, templates: templates, sender: sender, postgres: postgres,
                                                               producer: producer, settings: settings, logger: logger)
            relaisRates.append(rate)
            statistics = roundStatistics
            FileHandle.standardError.write(Data("  email round \(round): relais \(Int(rate)) msg/s (\(roundStatistics.connectionsOpened) connections, \(roundStatistics.pipelinedTransactions) pipelined), smtplib \(Int(smtplibRates[round - 1])) msg/s\n".utf8))
        }
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
        return BenchResult(unit: "msg/s", relais: relaisRates.max() ?? 0, baseline: smtplibRates.max() ?? 0,
                           baselineName: "python smtplib, one connection", target: 1.0,
                           notes: ["messages_per_round": count, "rounds": rounds, "statistic": "best of rounds",
                                   "relais_rounds": relaisRates.map { $0.rounded() }, "smtplib_rounds": smtplibRates.map { $0.rounded() },
                                   "absolute_target_per_s": 300, "smtp_connections": statistics?.connectionsOpened ?? 0,
                                   "pipelined_transactions": statistics?.pipelinedTransactions ?? 0])
    }

    /// The same messages, rendered and written by our MIME writer, sent by smtplib.
    static func smtplibRate(sink: SMTPSink, templates: EmailTemplateCatalogue, sender: MailAddress) throws -> Double {
        let run = UUID().uuidString.prefix(8).lowercased()
        let messagesFile = FileManager.default.temporaryDirectory.appending(path: "bench-emails-\(run).bin")
        var blob = Data()
        for index in 0..<count {
            let email = email(index, run: "py-\(run)")
            let rendered = try templates.render(email.template, locale: email.locale, variables: email.variables)
            let message = MailMessage(from: sender, to: [try MailAddress(email.to, displayName: email.toName)],
                                      subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html)
            let bytes = try MIMEWriter().render(message)
            blob.append(contentsOf: Array("\(email.to) \(bytes.count)\n".utf8) + bytes)
        }
        try blob.write(to: messagesFile)
        defer { try? FileManager.default.removeItem(at: messagesFile) }
        let output = try BenchSettings.run("python3", ["-c", smtplibLoop, "127.0.0.1", String(sink.port), messagesFile.path])
        guard let rate = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchFailure("smtplib loop printed \(output.prefix(200))")
        }
        return rate
    }

    /// SendEmail commands through the worker runtime and the real handler, timed first to last.
    static func relaisRate(sink: SMTPSink, templates: EmailTemplateCatalogue, sender: MailAddress, postgres: PostgresClient,
                           producer: KafkaProducer, settings: BenchSettings, logger: Logger) async throws -> (Double, SMTPClient.Statistics) {
        let run = UUID().uuidString.prefix(8).lowercased()
        let topic = "bench.email-\(run)"
        let catalogue = try TopicCatalogue.parse(yaml: """
            version: 1
            workers:
              email: { group: bench-email-\(run) }
            topics:
              \(topic):
                partitions: 6
                key: recipient digest
                worker: email
                commands: [SendEmail]
                ordering: key
                dead_letter: \(topic).dlq
              \(topic).dlq:
                partitions: 1
                key: same
            """)
        try await WorkerRuntimeBenchmark.prepare(catalogue, settings: settings)
        let messages = try (0..<count).map { index in
            try CommandEnvelope(email(index, run: run), actor: nil, traceparent: nil).message(topic: TopicName(topic))
        }
        _ = try await producer.sendBatch(messages)
        var smtpConfiguration = try SMTPConfiguration(url: "smtp+insecure://127.0.0.1:\(sink.port)")
        smtpConfiguration.maxConnections = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_SMTP_CONNECTIONS"] ?? "") ?? smtpConfiguration.maxConnections
        let smtp = try SMTPClient(configuration: smtpConfiguration, logger: logger)
        let handler = SendEmailHandler(templates: templates, smtp: smtp, sender: sender,
                                       deliveries: DeliveryLogStore(postgres: postgres),
                                       suppressions: SuppressionStore(postgres: postgres), maxAttempts: 5)
        let progress = WorkerRuntimeBenchmark.Progress()
        try await WorkerRuntimeBenchmark.run(CountingHandler(inner: handler, progress: progress), catalogue: catalogue,
                                             producer: producer, postgres: postgres, settings: settings) { progress.count >= count }
        let statistics = smtp.statistics
        await smtp.shutdown()
        await BenchTopics.drop(catalogue, settings: settings)
        return (progress.rate, statistics)
    }

    /// Sends every message of the file over one reused connection; prints messages/s.
    static let smtplibLoop = #"""
        import smtplib, sys, time
        host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        data = open(path, "rb").read()
        messages, at = [], 0
        while at < len(data):
            end = data.index(b"\n", at)
            to, size = data[at:end].decode().split(" ")
            at = end + 1
            messages.append((to, data[at:at + int(size)]))
            at += int(size)
        server = smtplib.SMTP(host, port)
        server.ehlo()
        start = time.perf_counter()
        for to, body in messages:
            server.sendmail("no-reply@relais.test", [to], body)
        elapsed = time.perf_counter() - start
        server.quit()
        print(len(messages) / elapsed)
        """#
}
