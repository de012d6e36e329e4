import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One established SMTP session: greeted, EHLO done, TLS and AUTH as configured. It runs one
/// transaction at a time; ``SMTPConnectionPool`` makes sure of that.
final class SMTPConnection: Sendable {
    let id: Int
    let capabilities: SMTPCapabilities
    private let wire: SMTPWire
    private let configuration: SMTPConfiguration
    private let logger: Logger

    private init(id: Int, wire: SMTPWire, capabilities: SMTPCapabilities, configuration: SMTPConfiguration, logger: Logger) {
        self.id = id
        self.wire = wire
        self.capabilities = capabilities
        self.configuration = configuration
        self.logger = logger
    }

    var isActive: Bool { wire.isActive }

    /// Connects and runs greeting, EHLO, STARTTLS and AUTH; closes the socket on any failure.
    static func open(
        id: Int,
        configuration: SMTPConfiguration,
        group: any EventLoopGroup,
        tlsContext: NIOSSLContext?,
        logger: Logger
    ) async throws -> SMTPConnection {
        var logger = logger
        logger[metadataKey: "smtp.connection"] = "\(id)"
        let wire = try await connect(configuration: configuration, group: group, tlsContext: tlsContext)
        do {
            let timeout = configuration.commandTimeout
            if configuration.security == .implicitTLS {
                try await wire.waitForImplicitTLS(timeout: configuration.connectTimeout)
            }
            let greeting = try await wire.exchange(nil, stages: [.greeting], timeout: timeout)[0]
            guard greeting.code == 220 else {
                throw SMTPError(.rejected, stage: .greeting, reply: greeting, detail: "server refused the session")
            }
            var capabilities = try await hello(wire: wire, configuration: configuration)
            if configuration.security == .startTLS {
                if capabilities.startTLS {
                    let reply = try await wire.command("STARTTLS", stage: .starttls, timeout: timeout)
                    guard reply.code == 220 else {
                        throw SMTPError(.tlsFailed, stage: .starttls, reply: reply, detail: "server refused STARTTLS")
                    }
                    guard let tlsContext else {
                        throw SMTPError(.tlsFailed, stage: .starttls, detail: "no TLS context")
                    }
                    try await wire.startTLS(context: tlsContext, serverHostname: sniName(configuration.host), timeout: timeout)
                    // RFC 3207 §4.2: everything learnt before TLS is void.
                    capabilities = try await hello(wire: wire, configuration: configuration)
                } else if configuration.credentials != nil {
                    // Never let a downgraded server receive the password in clear.
                    throw SMTPError(.unsupportedByServer, stage: .starttls, detail: "server does not offer STARTTLS; refusing to send credentials in clear")
                } else {
                    logger.notice("SMTP server does not offer STARTTLS; sending in clear")
                }
            }
            if let credentials = configuration.credentials {
                try await SMTPAuthenticator.authenticate(
                    wire: wire, credentials: credentials, preferences: configuration.authMechanisms,
                    offered: capabilities.authMechanisms, timeout: timeout, logger: logger
                )
            }
            logger.debug("SMTP connection ready", metadata: [
                "smtp.pipelining": "\(capabilities.pipelining)", "smtp.security": "\(configuration.security.rawValue)",
            ])
            return SMTPConnection(id: id, wire: wire, capabilities: capabilities, configuration: configuration, logger: logger)
        } catch {
            wire.close()
            throw error
        }
    }

    /// Runs one mail transaction. `reset` sends RSET first, for a connection that carried an
    /// earlier transaction. The result says whether the connection can serve another one.
    func deliver(_ mail: SMTPPreparedMail, reset: Bool) async -> (result: Result<SMTPDelivery, SMTPError>, reusable: Bool) {
        do {
            return try await transaction(mail, reset: reset)
        } catch {
            // Thrown errors are transport failures: the reply sequence is lost with them.
            wire.close()
            let smtpError = error as? SMTPError ?? SMTPError(.protocolViolation, stage: .mailFrom, detail: "unexpected error")
            return (.failure(smtpError), false)
        }
    }

    /// Says goodbye and closes; errors do not matter any more.
    func quit() async {
        _ = try? await wire.command("QUIT", stage: .reset, timeout: min(configuration.commandTimeout, .seconds(5)))
        wire.close()
    }

    func close() {
        wire.close()
    }

    private func transaction(_ mail: SMTPPreparedMail, reset: Bool) async throws -> (result: Result<SMTPDelivery, SMTPError>, reusable: Bool) {
        var parameters = ""
        if mail.needsSMTPUTF8 {
            guard capabilities.smtpUTF8 else {
                return (.failure(SMTPError(.unsupportedByServer, stage: .mailFrom, detail: "message needs SMTPUTF8, which the server does not offer")), true)
            }
            parameters += " SMTPUTF8"
            if capabilities.eightBitMIME { parameters += " BODY=8BITMIME" }
        }
        if capabilities.maxSize != nil { parameters += " SIZE=\(mail.content.readableBytes)" }
        var commands: [(line: String, stage: SMTPError.Stage)] = []
        if reset { commands.append(("RSET", .reset)) }
        commands.append(("MAIL FROM:<\(mail.sender)>\(parameters)", .mailFrom))
        commands += mail.recipients.map { ("RCPT TO:<\($0)>", .rcptTo) }
        commands.append(("DATA", .data))
        let timeout = configuration.commandTimeout

        var replies: [SMTPReply] = []
        if capabilities.pipelining {
            // RFC 2920: the whole group in one write, DATA last; replies come back in order.
            var payload = ByteBuffer()
            for command in commands { payload.writeString(command.line + "\r\n") }
            replies = try await wire.exchange(payload, stages: commands.map(\.stage), timeout: timeout)
        } else {
            for command in commands {
                // Without pipelining, stop before DATA once a recipient was refused.
                if command.stage == .data && replies.contains(where: { !$0.isSuccess }) { break }
                let reply = try await wire.command(command.line, stage: command.stage, timeout: timeout)
                replies.append(reply)
                if command.stage != .rcptTo && !reply.isSuccess { break }
            }
        }
        if let failure = Self.evaluate(commands: commands, replies: replies, recipients: mail.recipients) {
            // A 354 means the server now reads message content; the only way out is to hang up.
            // After a refused RSET the session state is unknown, so that connection goes too.
            let inData = replies.count == commands.count && replies.last?.code == 354
            let reusable = !inData && failure.stage != .reset
            if !reusable { wire.close() }
            return (.failure(failure), reusable)
        }
        // A refused recipient fails the whole send, so reaching DATA means all were accepted.
        let accepted = mail.recipients
        let final = try await wire.exchange(mail.content, stages: [.dataEnd], timeout: configuration.dataTimeout)[0]
        guard final.isSuccess else {
            return (.failure(SMTPError(.rejected, stage: .dataEnd, reply: final, detail: "server refused the message")), true)
        }
        logger.debug("SMTP message accepted", metadata: [
            "smtp.reply": "\(final)", "smtp.recipients": "\(accepted.count)", "smtp.pipelined": "\(capabilities.pipelining)",
        ])
        return (.success(SMTPDelivery(acceptedRecipients: accepted, reply: final)), true)
    }

    /// The first reason the replies so far forbid sending the content, or nil when DATA got 354.
    private static func evaluate(commands: [(line: String, stage: SMTPError.Stage)], replies: [SMTPReply], recipients: [String]) -> SMTPError? {
        var rejected: [String] = []
        var firstRejection: SMTPReply?
        var recipientIndex = 0
        for (command, reply) in zip(commands, replies) {
            switch command.stage {
            case .reset where reply.code != 250:
                return SMTPError(.rejected, stage: .reset, reply: reply, detail: "server refused RSET")
            case .mailFrom where !reply.isSuccess:
                return SMTPError(.rejected, stage: .mailFrom, reply: reply, detail: "server refused the sender")
            case .rcptTo:
                if !reply.isSuccess {
                    rejected.append(recipients[recipientIndex])
                    if firstRejection == nil { firstRejection = reply }
                }
                recipientIndex += 1
            default:
                break
            }
        }
        if let firstRejection {
            return SMTPError(.rejected, stage: .rcptTo, reply: firstRejection, rejectedRecipients: rejected,
                             detail: "server refused \(rejected.count) of \(recipients.count) recipient(s)")
        }
        guard replies.count == commands.count, let dataReply = replies.last else {
            return SMTPError(.protocolViolation, stage: .data, detail: "missing replies")
        }
        guard dataReply.code == 354 else {
            return SMTPError(.rejected, stage: .data, reply: dataReply, detail: "server refused DATA")
        }
        return nil
    }

    private static func connect(configuration: SMTPConfiguration, group: any EventLoopGroup, tlsContext: NIOSSLContext?) async throws -> SMTPWire {
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let host = configuration.host
        // Handlers are kept by channel so that one can be found even if the channel closed
        // right after connecting (an implicit-TLS handshake the server aborts): its recorded
        // failure explains why. Happy eyeballs may initialise several channels; only the
        // winner's handler is used.
        let handlers = Mutex<[ObjectIdentifier: NIOLoopBound<SMTPReplyHandler>]>([:])
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let implicitTLS {
                        try sync.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: sniName(host)))
                    }
                    let handler = SMTPReplyHandler(eventLoop: channel.eventLoop)
                    try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try sync.addHandler(handler)
                    let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                    handlers.withLock { $0[ObjectIdentifier(channel)] = bound }
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(host: host, port: configuration.port).get()
        } catch ChannelError.connectTimeout {
            throw SMTPError(.timeout, stage: .connect, detail: "TCP connection not established in time")
        } catch {
            throw SMTPError(.connectionFailed, stage: .connect, detail: "TCP connection failed: \(type(of: error))")
        }
        guard let handler = handlers.withLock({ $0[ObjectIdentifier(channel)] }) else {
            channel.close(promise: nil)
            throw SMTPError(.connectionFailed, stage: .connect, detail: "channel without reply handler")
        }
        return SMTPWire(channel: channel, handler: handler)
    }

    /// EHLO, or HELO for a server that does not know EHLO (RFC 5321 §3.2).
    private static func hello(wire: SMTPWire, configuration: SMTPConfiguration) async throws -> SMTPCapabilities {
        let timeout = configuration.commandTimeout
        let reply = try await wire.command("EHLO \(configuration.heloName)", stage: .ehlo, timeout: timeout)
        if reply.isSuccess { return SMTPCapabilities(ehloReply: reply) }
        if reply.code == 500 || reply.code == 502 {
            let helo = try await wire.command("HELO \(configuration.heloName)", stage: .ehlo, timeout: timeout)
            if helo.isSuccess { return SMTPCapabilities() }
            throw SMTPError(.rejected, stage: .ehlo, reply: helo, detail: "server refused HELO")
        }
        throw SMTPError(.rejected, stage: .ehlo, reply: reply, detail: "server refused EHLO")
    }

    /// SNI carries host names only (RFC 6066 §3); for an IP literal NIOSSL checks the
    /// certificate against the peer's address instead.
    private static func sniName(_ host: String) -> String? {
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }
}
