import NIOCore
import NIOSSL

/// One TCP connection to the server as seen from async code: it sends commands through the
/// pipeline's ``SMTPReplyHandler`` and turns transport failures into ``SMTPError`` values
/// blamed on the step whose reply was missing.
struct SMTPWire: Sendable {
    let channel: Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>

    init(channel: Channel, handler: NIOLoopBound<SMTPReplyHandler>) {
        self.channel = channel
        self.handler = handler
    }

    var isActive: Bool { channel.isActive }

    /// Sends one command line and waits for its reply.
    func command(_ line: String, stage: SMTPError.Stage, timeout: TimeAmount) async throws -> SMTPReply {
        let replies = try await exchange(ByteBuffer(string: line + "\r\n"), stages: [stage], timeout: timeout)
        guard let reply = replies.first else {
            throw SMTPError(.protocolViolation, stage: stage, detail: "no reply")
        }
        return reply
    }

    /// Sends `payload` in one write (nothing for the greeting) and waits for one reply per stage.
    func exchange(_ payload: ByteBuffer?, stages: [SMTPError.Stage], timeout: TimeAmount) async throws -> [SMTPReply] {
        let handler = self.handler
        let count = stages.count
        let channel = self.channel
        do {
            // A cancelled send hangs up rather than waiting for its timeout: the position in
            // the reply sequence would be lost anyway.
            return try await withTaskCancellationHandler {
                try await channel.eventLoop.flatSubmit {
                    handler.value.exchange(payload, expecting: count, timeout: timeout)
                }.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch let error as SMTPReplyHandler.ExchangeError {
            let stage = stages[min(error.repliesReceived, stages.count - 1)]
            throw Self.smtpError(error.failure, stage: stage, timeout: timeout)
        } catch {
            throw SMTPError(.connectionFailed, stage: stages.first ?? .connect, detail: "event loop unavailable")
        }
    }

    /// Upgrades the connection with TLS after the server's 220 reply to STARTTLS.
    func startTLS(context: NIOSSLContext, serverHostname: String?, timeout: TimeAmount) async throws {
        let handler = self.handler
        try await handshake(stage: .starttls, timeout: timeout) {
            try await channel.eventLoop.flatSubmit {
                handler.value.startTLS(context: context, serverHostname: serverHostname, timeout: timeout)
            }.get()
        }
    }

    /// Waits for the handshake of implicit TLS, which the TLS handler starts on connect.
    func waitForImplicitTLS(timeout: TimeAmount) async throws {
        let handler = self.handler
        try await handshake(stage: .connect, timeout: timeout) {
            try await channel.eventLoop.flatSubmit {
                handler.value.waitForHandshake(timeout: timeout)
            }.get()
        }
    }

    func close() {
        channel.close(promise: nil)
    }

    private func handshake(stage: SMTPError.Stage, timeout: TimeAmount, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as SMTPReplyHandler.ExchangeError {
            // A peer that rejects our certificate checks or hello usually just hangs up.
            if case .closed = error.failure {
                throw SMTPError(.tlsFailed, stage: stage, detail: "connection closed during the TLS handshake")
            }
            throw Self.smtpError(error.failure, stage: stage, timeout: timeout)
        } catch {
            throw SMTPError(.connectionFailed, stage: stage, detail: "event loop unavailable")
        }
    }

    private static func smtpError(_ failure: SMTPReplyHandler.Failure, stage: SMTPError.Stage, timeout: TimeAmount) -> SMTPError {
        switch failure {
        case .timeout:
            return SMTPError(.timeout, stage: stage, detail: "no reply within \(timeout.nanoseconds / 1_000_000) ms")
        case .closed:
            return SMTPError(.connectionFailed, stage: stage, detail: "connection closed")
        case .tls(let reason):
            return SMTPError(.tlsFailed, stage: stage, detail: reason)
        case .malformedReply(let reason):
            return SMTPError(.protocolViolation, stage: stage, detail: reason)
        case .io(let reason):
            return SMTPError(.connectionFailed, stage: stage, detail: reason)
        case .busy:
            return SMTPError(.protocolViolation, stage: stage, detail: "connection already has a command in flight")
        }
    }
}
