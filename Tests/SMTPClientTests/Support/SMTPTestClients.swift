import TestSupport
import Logging
import NIOCore
@testable import SMTPClient

/// Builders shared by the tests that talk to a real sink.
enum SMTPTestClients {
    static let logger = Logger(label: "relais.smtp.tests")

    /// A client for `scheme://[userinfo@]127.0.0.1:<sink port>` with short test timeouts.
    static func make(
        _ scheme: String,
        sink: SMTPSink,
        userInfo: String? = nil,
        configure: (inout SMTPConfiguration) -> Void = { _ in }
    ) throws -> SMTPClient {
        let authority = (userInfo.map { $0 + "@" } ?? "") + "127.0.0.1:\(sink.port)"
        var configuration = try SMTPConfiguration(url: "\(scheme)://\(authority)")
        configuration.connectTimeout = .seconds(5)
        configuration.commandTimeout = .seconds(5)
        configuration.dataTimeout = .seconds(10)
        configure(&configuration)
        return try SMTPClient(configuration: configuration, logger: logger)
    }

    /// A small message from `sender@relais.test` to the given recipients.
    static func message(to recipients: [String], subject: String = "Hello", text: String = "Hello there.\n") throws -> MailMessage {
        MailMessage(
            from: try MailAddress("sender@relais.test", displayName: "Relais"),
            to: try recipients.map { try MailAddress($0) },
            subject: subject,
            textBody: text
        )
    }
}

/// Runs `body` and returns the ``SMTPError`` it threw, or nil if it threw nothing or another error.
func smtpError(_ body: () async throws -> Void) async -> SMTPError? {
    do {
        try await body()
        return nil
    } catch let error as SMTPError {
        return error
    } catch {
        return nil
    }
}
