import Foundation
import TestSupport
import Testing
@testable import SMTPClient

@Suite("Delivery to a real SMTP server")
struct SMTPClientDeliveryTests {
    @Test("plain smtp+insecure delivery stores the envelope and the body the client sent")
    func plainDeliveryStoresEnvelopeAndBody() async throws {
        try await SMTPSink.with { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let message = try SMTPTestClients.message(to: ["ana@relais.test", "bo@relais.test"], subject: "Plain delivery")
            let delivery = try await client.send(message, from: "bounces@relais.test", to: ["ana@relais.test", "bo@relais.test", "hidden@relais.test"])
            await client.shutdown()

            #expect(delivery.reply.code == 250)
            #expect(delivery.acceptedRecipients == ["ana@relais.test", "bo@relais.test", "hidden@relais.test"])
            let files = try await sink.waitForMessages(1)
            #expect(files.count == 1)
            let decoded = try DecodedMessage.decode(files[0])
            #expect(decoded.envelope["X-Relais-Mail-From"] == ["bounces@relais.test"])
            #expect(decoded.envelope["X-Relais-Rcpt-To"] == ["ana@relais.test", "bo@relais.test", "hidden@relais.test"])
            #expect(decoded.subject == "Plain delivery")
            #expect(decoded.from == [.init(name: "Relais", address: "sender@relais.test")])
            #expect(decoded.to.map(\.address) == ["ana@relais.test", "bo@relais.test"])
            #expect(decoded.text?.replacing("\r\n", with: "\n") == "Hello there.\n")
            #expect(decoded.messageID == "<\(message.messageID)>")
            #expect(decoded.defects.isEmpty)
        }
    }

    @Test("fifty messages reuse one connection and pipeline their commands when the server offers PIPELINING")
    func fiftyMessagesShareOnePipelinedConnection() async throws {
        try await SMTPSink.with(["--scripted", "--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            for index in 0..<50 {
                try await client.send(try SMTPTestClients.message(to: ["reader\(index)@relais.test"], subject: "Message \(index)"))
            }
            let statistics = client.statistics
            await client.shutdown()

            #expect(statistics.connectionsOpened == 1)
            #expect(statistics.messagesAccepted == 50)
            #expect(statistics.pipelinedTransactions == 50)
            let files = try await sink.waitForMessages(50)
            #expect(files.count == 50)
            for file in files {
                let decoded = try DecodedMessage.decode(file)
                #expect(decoded.envelope["X-Relais-Connection"] == ["1"])
                #expect(decoded.envelope["X-Relais-Pipelined"] == ["yes"])
            }
        }
    }

    @Test("a server without PIPELINING gets one command at a time on a reused connection")
    func serverWithoutPipeliningGetsOneCommandAtATime() async throws {
        try await SMTPSink.with(["--scripted"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            for index in 0..<3 {
                try await client.send(try SMTPTestClients.message(to: ["a\(index)@relais.test", "b\(index)@relais.test"]))
            }
            let statistics = client.statistics
            await client.shutdown()

            #expect(statistics.connectionsOpened == 1)
            #expect(statistics.pipelinedTransactions == 0)
            for file in try await sink.waitForMessages(3) {
                let decoded = try DecodedMessage.decode(file)
                #expect(decoded.envelope["X-Relais-Pipelined"] == ["no"])
                #expect(decoded.envelope["X-Relais-Connection"] == ["1"])
            }
        }
    }

    @Test("non-ASCII display names, subject and both bodies arrive intact, and dot lines survive")
    func nonASCIIContentAndDotLinesArriveIntact() async throws {
        try await SMTPSink.with { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let subject = "Réservation confirmée für Jürgen 🎉 — a subject long enough to need several encoded words, ça va?"
            let text = """
                Bonjour Zoë,
                .a line that starts with a dot
                ..two dots
                .
                Ünïcödé everywhere 🎉🚀 and a long line: \(String(repeating: " é", count: 300))
                end
                """
            let html = "<p>Grüße, <b>Zoë</b> 🎉</p>\n.<p>dot first</p>\n"
            let message = MailMessage(
                from: try MailAddress("sender@relais.test", displayName: "Relais Académie 🎓"),
                to: [try MailAddress("zoe@relais.test", displayName: "Zoë Müller"), try MailAddress("bob@relais.test", displayName: "Bob \"The\" Builder, Jr.")],
                replyTo: try MailAddress("help@relais.test", displayName: "Équipe"),
                subject: subject,
                textBody: text,
                htmlBody: html,
                headers: [.init(name: "X-Campaign", value: "Été 2025")]
            )
            try await client.send(message)
            await client.shutdown()

            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.subject == subject)
            #expect(decoded.from == [.init(name: "Relais Académie 🎓", address: "sender@relais.test")])
            #expect(decoded.to == [.init(name: "Zoë Müller", address: "zoe@relais.test"), .init(name: "Bob \"The\" Builder, Jr.", address: "bob@relais.test")])
            #expect(decoded.contentType == "multipart/alternative")
            #expect(decoded.text?.replacing("\r\n", with: "\n") == text + "\n")
            #expect(decoded.html?.replacing("\r\n", with: "\n") == html)
            #expect(decoded.defects.isEmpty)
        }
    }

    @Test("a non-ASCII address is sent with SMTPUTF8 when the server offers it")
    func nonASCIIAddressUsesSMTPUTF8() async throws {
        try await SMTPSink.with { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            try await client.send(try SMTPTestClients.message(to: ["jürgen@relais.test"]))
            await client.shutdown()
            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.envelope["X-Relais-Rcpt-To"] == ["jürgen@relais.test"])
            #expect(decoded.to.map(\.address) == ["jürgen@relais.test"])
        }
    }

    @Test("a non-ASCII address fails permanently with unsupportedByServer when SMTPUTF8 is not offered")
    func nonASCIIAddressWithoutSMTPUTF8FailsPermanently() async throws {
        try await SMTPSink.with(["--no-smtputf8"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["jürgen@relais.test"])) }
            #expect(error?.code == .unsupportedByServer)
            #expect(error?.isRetryable == false)
            #expect(error?.description.contains("jürgen") == false)
            // The refusal happened before MAIL FROM, so the connection still serves ASCII mail.
            try await client.send(try SMTPTestClients.message(to: ["juergen@relais.test"]))
            #expect(client.statistics.connectionsOpened == 1)
            await client.shutdown()
        }
    }

    @Test("concurrent sends never open more than maxConnections connections")
    func concurrentSendsStayWithinMaxConnections() async throws {
        try await SMTPSink.with(["--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink) { $0.maxConnections = 2 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { try await client.send(try SMTPTestClients.message(to: ["c\(index)@relais.test"])) }
                }
                try await group.waitForAll()
            }
            let statistics = client.statistics
            await client.shutdown()
            #expect(statistics.connectionsOpened <= 2)
            #expect(statistics.messagesAccepted == 12)
            #expect(try await sink.waitForMessages(12).count == 12)
        }
    }

    @Test("a connection idle longer than idleTimeout is closed and the next send opens a new one")
    func idleConnectionIsClosedAfterIdleTimeout() async throws {
        try await SMTPSink.with(["--scripted"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink) { $0.idleTimeout = .milliseconds(300) }
            try await client.send(try SMTPTestClients.message(to: ["first@relais.test"]))
            try await Task.sleep(for: .milliseconds(900))
            try await client.send(try SMTPTestClients.message(to: ["second@relais.test"]))
            #expect(client.statistics.connectionsOpened == 2)
            await client.shutdown()
            let connections = try await sink.waitForMessages(2).map { try DecodedMessage.decode($0).envelope["X-Relais-Connection"] }
            #expect(connections == [["1"], ["2"]])
        }
    }
}
