import Foundation
import TestSupport
import Testing
@testable import SMTPClient

@Suite("TLS and authentication against a real SMTP server")
struct SMTPClientSecurityTests {
    @Test("STARTTLS succeeds when the private CA is trusted through the CA file option")
    func startTLSWithPrivateCATrusted() async throws {
        let certificates = try await TestCertificates.files()
        try await SMTPSink.with(try await TestCertificates.sinkOptions() + ["--scripted"]) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink) { $0.caFilePath = certificates.caFile }
            try await client.send(try SMTPTestClients.message(to: ["tls@relais.test"]))
            await client.shutdown()
            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.envelope["X-Relais-TLS"] == ["yes"])
        }
    }

    @Test("STARTTLS to a certificate from an untrusted CA fails with tlsFailed and sends nothing")
    func startTLSWithoutCAFileFails() async throws {
        try await SMTPSink.with(try await TestCertificates.sinkOptions()) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink)
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["tls@relais.test"])) }
            await client.shutdown()
            #expect(error?.code == .tlsFailed)
            #expect(error?.stage == .starttls)
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test("smtps:// speaks TLS from the first byte")
    func implicitTLSDelivers() async throws {
        let certificates = try await TestCertificates.files()
        try await SMTPSink.with(try await TestCertificates.sinkOptions() + ["--implicit-tls", "--scripted"]) { sink in
            let client = try SMTPTestClients.make("smtps", sink: sink) { $0.caFilePath = certificates.caFile }
            try await client.send(try SMTPTestClients.message(to: ["implicit@relais.test"]))
            await client.shutdown()
            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.envelope["X-Relais-TLS"] == ["yes"])
        }
    }

    @Test("smtps:// to an untrusted certificate fails with tlsFailed at connect")
    func implicitTLSUntrustedFails() async throws {
        try await SMTPSink.with(try await TestCertificates.sinkOptions() + ["--implicit-tls"]) { sink in
            let client = try SMTPTestClients.make("smtps", sink: sink)
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["implicit@relais.test"])) }
            await client.shutdown()
            #expect(error?.code == .tlsFailed)
            #expect(error?.stage == .connect)
        }
    }

    @Test("AUTH PLAIN and AUTH LOGIN both authenticate after STARTTLS", arguments: [SMTPConfiguration.AuthMechanism.plain, .login])
    func authenticationSucceeds(mechanism: SMTPConfiguration.AuthMechanism) async throws {
        let certificates = try await TestCertificates.files()
        let options = try await TestCertificates.sinkOptions() + ["--scripted", "--auth-user", "mailer", "--auth-password", "s3cr:t@pw"]
        try await SMTPSink.with(options) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink, userInfo: "mailer:s3cr%3At%40pw") {
                $0.caFilePath = certificates.caFile
                $0.authMechanisms = [mechanism]
            }
            try await client.send(try SMTPTestClients.message(to: ["auth@relais.test"]))
            try await client.send(try SMTPTestClients.message(to: ["auth2@relais.test"]))
            await client.shutdown()
            #expect(client.statistics.connectionsOpened == 1)
            #expect(sink.output().split(separator: "\n").filter { $0.hasPrefix("AUTH") } == ["AUTH \(mechanism.rawValue)"])
            for file in try await sink.waitForMessages(2) {
                let decoded = try DecodedMessage.decode(file)
                #expect(decoded.envelope["X-Relais-Auth"] == ["mailer"])
                #expect(decoded.envelope["X-Relais-TLS"] == ["yes"])
            }
        }
    }

    @Test("a wrong password fails with authenticationFailed, the server's 535 reply, and a description without the password")
    func wrongPasswordFails() async throws {
        let certificates = try await TestCertificates.files()
        let options = try await TestCertificates.sinkOptions() + ["--auth-user", "mailer", "--auth-password", "right"]
        try await SMTPSink.with(options) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink, userInfo: "mailer:Wr0ngHorse") { $0.caFilePath = certificates.caFile }
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["auth@relais.test"])) }
            await client.shutdown()
            #expect(error?.code == .authenticationFailed)
            #expect(error?.stage == .auth)
            #expect(error?.reply?.code == 535)
            #expect(error?.reply?.enhancedStatus == "5.7.8")
            #expect(error?.isRetryable == false)
            let description = error.map { "\($0)" } ?? ""
            #expect(!description.contains("Wr0ngHorse"))
            #expect(!"\(client.configuration)".contains("Wr0ngHorse"))
            #expect(try sink.messages().isEmpty)
        }
    }

    @Test("smtp:// with credentials refuses a server without STARTTLS before sending AUTH")
    func credentialsNeverCrossWithoutTLS() async throws {
        try await SMTPSink.with(["--scripted", "--auth-user", "mailer", "--auth-password", "pw"]) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink, userInfo: "mailer:pw")
            let error = await smtpError { try await client.send(try SMTPTestClients.message(to: ["auth@relais.test"])) }
            await client.shutdown()
            #expect(error?.code == .unsupportedByServer)
            #expect(error?.stage == .starttls)
            #expect(!sink.output().contains("AUTH"))
        }
    }

    @Test("smtp+insecure:// authenticates in clear against a local catcher")
    func insecureSchemeAuthenticatesInClear() async throws {
        try await SMTPSink.with(["--scripted", "--auth-user", "mailer", "--auth-password", "pw"]) { sink in
            let client = try SMTPTestClients.make("smtp+insecure", sink: sink, userInfo: "mailer:pw")
            try await client.send(try SMTPTestClients.message(to: ["auth@relais.test"]))
            await client.shutdown()
            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.envelope["X-Relais-Auth"] == ["mailer"])
            #expect(decoded.envelope["X-Relais-TLS"] == ["no"])
        }
    }

    @Test("smtp:// without credentials delivers in clear when the server offers no STARTTLS")
    func startTLSIsOpportunisticWithoutCredentials() async throws {
        try await SMTPSink.with(["--scripted"]) { sink in
            let client = try SMTPTestClients.make("smtp", sink: sink)
            try await client.send(try SMTPTestClients.message(to: ["clear@relais.test"]))
            await client.shutdown()
            let decoded = try DecodedMessage.decode(try await sink.waitForMessages(1)[0])
            #expect(decoded.envelope["X-Relais-TLS"] == ["no"])
        }
    }

    @Test("an unreadable CA file stops client creation with invalidConfiguration")
    func unreadableCAFileIsAConfigurationError() throws {
        var configuration = try SMTPConfiguration(url: "smtps://127.0.0.1:1")
        configuration.caFilePath = "/nonexistent/ca.pem"
        #expect(throws: SMTPError.self) { try SMTPClient(configuration: configuration, logger: SMTPTestClients.logger) }
    }
}
