import Foundation
import TestSupport
import NIOCore
import NIOPosix
import Testing
@testable import SMTPClient

@Suite("Server refusals, timeouts and client lifecycle")
struct SMTPClientFailureTests {
    @Test("a 451 recipient fails with code 451 and 4.3.0 twice, then the third attempt is delivered", arguments: [false, true])
    func deferredRecipientSucceedsOnThirdAttempt(pipelining: Bool) async throws {
        try await SMTPSink.with(["--scripted"] + (pipelining ? ["--pipelining"] : [])) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let message = try SMTPTestClients.message(to: ["defer2-ana@relais.test"])
            for _ in 0..<2 {
                let error = await smtpError { try await client.send(message) }
                #expect(error?.code == .rejected)
                #expect(error?.stage == .rcptTo)
                #expect(error?.reply?.code == 451)
                #expect(error?.reply?.enhancedStatus == "4.3.0")
                #expect(error?.isRetryable == true)
                #expect(error?.rejectedRecipients == ["defer2-ana@relais.test"])
            }
            let delivery = try await client.send(message)
            #expect(delivery.acceptedRecipients == ["defer2-ana@relais.test"])
            #expect(client.statistics.connectionsOpened == 1)
            await client.shutdown()
            #expect(try await sink.waitForMessages(1).count == 1)
        }
    }

    @Test("550 5.1.1 is a permanent rejection with the reply exposed, no address in the description, and a reusable connection", arguments: [false, true])
    func unknownRecipientIsRejected(pipelining: Bool) async throws {
        try await SMTPSink.with(["--scripted"] + (pipelining ? ["--pipelining"] : [])) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let error = await smtpError {
                try await client.send(try SMTPTestClients.message(to: ["ok@relais.test", "bounce-nobody@relais.test"]))
            }
            #expect(error?.code == .rejected)
            #expect(error?.stage == .rcptTo)
            #expect(error?.reply?.code == 550)
            #expect(error?.reply?.enhancedStatus == "5.1.1")
            #expect(error?.reply?.text == "5.1.1 No such user")
            #expect(error?.isRetryable == false)
            #expect(error?.rejectedRecipients == ["bounce-nobody@relais.test"])
            #expect(error.map { "\($0)" }?.contains("bounce-nobody") == false)
            try await client.send(try SMTPTestClients.message(to: ["after@relais.test"]))
            // Pipelined, DATA already got its 354 for the accepted recipient; hanging up is the
            // only way to abort that without delivering, so only then a new connection is needed.
            #expect(client.statistics.connectionsOpened == (pipelining ? 2 : 1))
            let singleError = await smtpError { try await client.send(try SMTPTestClients.message(to: ["bounce-x@relais.test"])) }
            #expect(singleError?.reply?.code == 550)
            try await client.send(try SMTPTestClients.message(to: ["after2@relais.test"]))
            #expect(client.statistics.connectionsOpened == (pipelining ? 2 : 1))
            await client.shutdown()
            // Nothing reached the accepted recipient of the failed send.
            let files = try await sink.waitForMessages(2)
            #expect(files.count == 2)
            #expect(try DecodedMessage.decode(files[0]).envelope["X-Relais-Rcpt-To"] == ["after@relais.test"])
        }
    }

    @Test("452 4.2.2 mailbox full is a temporary rejection")
    func mailboxFullIsTemporary() async throws {
        try await SMTPSink.with(["--scripted", "--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["full-ana@relais.test"])) }
            await client.shutdown()
            #expect(error?.reply?.code == 452)
            #expect(error?.reply?.enhancedStatus == "4.2.2")
            #expect(error?.isRetryable == true)
        }
    }

    @Test("554 5.6.0 at the end of DATA is a rejection at dataEnd and the connection stays usable")
    func dataErrorIsRejectedAtDataEnd() async throws {
        try await SMTPSink.with(["--scripted", "--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["dataerr-ana@relais.test"])) }
            #expect(error?.code == .rejected)
            #expect(error?.stage == .dataEnd)
            #expect(error?.reply?.code == 554)
            #expect(error?.reply?.enhancedStatus == "5.6.0")
            try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"]))
            #expect(client.statistics.connectionsOpened == 1)
            await client.shutdown()
        }
    }

    @Test("a server slower than dataTimeout fails with timeout at dataEnd, and the next message goes through a new connection")
    func slowServerTimesOutAndNextMessageUsesNewConnection() async throws {
        try await SMTPSink.with(["--scripted", "--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink) { $0.dataTimeout = .milliseconds(800) }
            let started = ContinuousClock.now
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["slow6-ana@relais.test"])) }
            // Well before the server's 6 s answer, with room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(error?.code == .timeout)
            #expect(error?.stage == .dataEnd)
            #expect(error?.isRetryable == true)
            try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"]))
            #expect(client.statistics.connectionsOpened == 2)
            await client.shutdown()
            let connections = try await sink.waitForMessages(1).map { try DecodedMessage.decode($0).envelope["X-Relais-Connection"] }
            #expect(connections.last == ["2"])
        }
    }

    @Test("a port where nothing listens fails with connectionFailed at connect")
    func refusedConnectionFailsAtConnect() async throws {
        // Port 1 on loopback: nothing listens there, and unlike a port that was just freed, no
        // other test can bind it meanwhile.
        let port = 1
        var configuration = try SMTPConfiguration(url: "smtp+insecure://127.0.0.1:\(port)")
        configuration.connectTimeout = .seconds(2)
        let client = try SMTPClient(configuration: configuration, logger: SMTPTestClients.logger)
        let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"])) }
        await client.shutdown()
        #expect(error?.code == .connectionFailed)
        #expect(error?.stage == .connect)
        #expect(error?.isRetryable == true)
    }

    @Test("after shutdown the client refuses to send")
    func shutdownRefusesFurtherSends() async throws {
        try await SMTPSink.with { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"]))
            await client.shutdown()
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"])) }
            #expect(error?.code == .shutDown)
        }
    }

    @Test("invalid envelope addresses fail before any connection is made")
    func invalidEnvelopeFailsBeforeConnecting() async throws {
        var configuration = try SMTPConfiguration(url: "smtp+insecure://127.0.0.1:1")
        configuration.connectTimeout = .seconds(1)
        let client = try SMTPClient(configuration: configuration, logger: SMTPTestClients.logger)
        let message = try SMTPTestClients.message(to: ["ana@relais.test"])
        for (sender, recipients) in [("not an address", ["ana@relais.test"]), ("a@relais.test", ["a@b@"]), ("a@relais.test", [])] {
            let error = await smtpError { try await client.send(message, from: sender, to: recipients) }
            #expect(error?.code == .invalidAddress)
            #expect(error?.stage == .prepare)
        }
        #expect(client.statistics.connectionsOpened == 0)
        await client.shutdown()
    }
}

@Suite("Connections the server drops")
struct SMTPClientDroppedConnectionTests {
    @Test("a pooled connection the server closed while idle is replaced without failing the send")
    func serverClosedIdleConnectionIsReplaced() async throws {
        // The server's idle timeout leaves a loaded machine time to greet (a 2 s one was seen to
        // close the replacement connection before its EHLO on a busy CI); the pause outlasts it.
        try await SMTPSink.with(["--scripted", "--pipelining", "--idle-timeout", "5"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink)
            try await client.send(try SMTPTestClients.message(to: ["first@relais.test"]))
            try await Task.sleep(for: .milliseconds(6_500))
            try await client.send(try SMTPTestClients.message(to: ["second@relais.test"]))
            #expect(client.statistics.connectionsOpened == 2)
            await client.shutdown()
            #expect(try await sink.waitForMessages(2).count == 2)
        }
    }

    @Test("cancelling a send closes its connection promptly instead of waiting for the timeout")
    func cancellingASendClosesItsConnection() async throws {
        try await SMTPSink.with(["--scripted", "--pipelining"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink) { $0.dataTimeout = .seconds(30) }
            let task = Task { try await client.send(try SMTPTestClients.message(to: ["slow20-ana@relais.test"])) }
            // Cancel once the transaction is under way (the connection is open), not during connect.
            try await Eventually.wait(for: "the connection", timeout: .seconds(10), every: .milliseconds(50)) {
                client.statistics.connectionsOpened == 1
            }
            try await Task.sleep(for: .milliseconds(300))
            let cancelled = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(ContinuousClock.now - cancelled < .seconds(5), "far sooner than the server's 20 s or the 30 s timeout")
            #expect((try? result.get()) == nil)
            try await client.send(try SMTPTestClients.message(to: ["ana@relais.test"]))
            #expect(client.statistics.connectionsOpened == 2)
            await client.shutdown()
        }
    }
}
