import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Sends ``MailMessage``s to one SMTP server over a small pool of reusable connections.
///
/// Each connection is greeted, upgraded to TLS and authenticated once, then carries one
/// transaction after another (RSET in between) until it has been idle for `idleTimeout`.
/// Every step has a timeout; a connection that failed or timed out is closed, never reused.
/// When the server advertises PIPELINING, MAIL FROM, the RCPT TOs and DATA go in one write.
/// Call ``shutdown()`` before the process ends so that idle connections say QUIT.
public final class SMTPClient: Sendable {
    /// Counters for tests and metrics.
    public struct Statistics: Sendable, Hashable {
        /// Connections established (greeting, EHLO, TLS and AUTH done).
        public var connectionsOpened = 0
        /// Messages the server accepted.
        public var messagesAccepted = 0
        /// Transactions whose commands went in one pipelined write.
        public var pipelinedTransactions = 0
    }

    /// The configuration the client was created with.
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let tlsContext: NIOSSLContext?
    private let pool: SMTPConnectionPool
    private let writer = MIMEWriter()
    private let counters = Mutex(Statistics())
    private let connectionIDs = Atomic<Int>(0)

    /// Creates a client; it connects on the first send.
    ///
    /// - Parameters:
    ///   - configuration: server, security, credentials and timeouts.
    ///   - eventLoopGroup: where connections run; the process-wide NIO group by default.
    ///   - logger: receives connection events; never addresses, bodies or secrets.
    /// - Throws: ``SMTPError`` with code `.invalidConfiguration` when the TLS setup (such as the
    ///   CA file) cannot be loaded, so that a bad setting stops startup rather than the first send.
    public init(
        configuration: SMTPConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.group = eventLoopGroup
        var logger = logger
        logger[metadataKey: "smtp.host"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.pool = SMTPConnectionPool(maxConnections: configuration.maxConnections, idleTimeout: configuration.idleTimeout)
        guard configuration.security != .none else {
            tlsContext = nil
            return
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFilePath = configuration.caFilePath {
            tls.trustRoots = .file(caFilePath)
        }
        do {
            tlsContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.invalidConfiguration, stage: .prepare, detail: "TLS setup failed (CA file unreadable?): \(type(of: error))")
        }
    }

    /// Counters since the client was created.
    public var statistics: Statistics {
        counters.withLock { $0 }
    }

    /// Sends a message to its `To` addresses, with its `From` address as envelope sender.
    ///
    /// - Throws: ``SMTPError``; see ``send(_:from:to:)``.
    @discardableResult
    public func send(_ message: MailMessage) async throws -> SMTPDelivery {
        try await send(message, from: message.from.address, to: message.to.map(\.address))
    }

    /// Sends a message with an explicit envelope (for Bcc recipients or a bounce address).
    ///
    /// - Parameters:
    ///   - message: rendered with ``MIMEWriter``.
    ///   - envelopeSender: the MAIL FROM address, where bounces go.
    ///   - recipients: the RCPT TO addresses.
    /// - Returns: the accepted recipients and the server's final reply.
    /// - Throws: ``SMTPError``. A refused recipient fails the whole send with `.rejected` at
    ///   `.rcptTo` (nothing is delivered; ``SMTPError/rejectedRecipients`` lists them); the code,
    ///   enhanced status and ``SMTPError/isRetryable`` tell temporary from permanent failures.
    @discardableResult
    public func send(_ message: MailMessage, from envelopeSender: String, to recipients: [String]) async throws -> SMTPDelivery {
        let mail = try prepare(message, from: envelopeSender, to: recipients)
        var retriedStaleConnection = false
        while true {
            let leased = try await pool.acquire()
            let connection: SMTPConnection
            if let leased {
                connection = leased
            } else {
                do {
                    connection = try await SMTPConnection.open(
                        id: connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue, configuration: configuration,
                        group: group, tlsContext: tlsContext, logger: logger
                    )
                } catch {
                    await pool.openFailed()
                    logger.warning("SMTP connection failed", metadata: ["smtp.error": "\(error)"])
                    throw error
                }
                counters.withLock { $0.connectionsOpened += 1 }
            }
            let outcome = await connection.deliver(mail, reset: leased != nil)
            await pool.release(connection, reusable: outcome.reusable)
            switch outcome.result {
            case .success(let delivery):
                let pipelined = connection.capabilities.pipelining
                counters.withLock {
                    $0.messagesAccepted += 1
                    if pipelined { $0.pipelinedTransactions += 1 }
                }
                return delivery
            case .failure(let error):
                // A pooled connection the server dropped while idle fails at its first write;
                // that says nothing about the message, so one fresh connection gets a try.
                if leased != nil, !retriedStaleConnection, error.stage == .reset, error.code == .connectionFailed {
                    retriedStaleConnection = true
                    continue
                }
                logger.debug("SMTP send failed", metadata: ["smtp.error": "\(error)"])
                throw error
            }
        }
    }

    /// Closes idle connections with QUIT and refuses further sends. Sends in progress finish;
    /// their connections close when they end.
    public func shutdown() async {
        await pool.shutdown()
    }

    private func prepare(_ message: MailMessage, from envelopeSender: String, to recipients: [String]) throws -> SMTPPreparedMail {
        guard !recipients.isEmpty else {
            throw SMTPError(.invalidAddress, stage: .prepare, detail: "no recipients")
        }
        let sender = try MailAddress(envelopeSender)
        let recipientAddresses = try recipients.map { try MailAddress($0) }
        let bytes = try writer.render(message)
        // The writer keeps bodies 7-bit, so 8-bit bytes can only come from UTF-8 addresses.
        let needsUTF8 = !sender.isASCII || recipientAddresses.contains { !$0.isASCII } || bytes.contains { $0 >= 0x80 }
        return SMTPPreparedMail(sender: sender.address, recipients: recipients, message: bytes, needsSMTPUTF8: needsUTF8)
    }
}
