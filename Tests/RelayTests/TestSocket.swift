import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import TestSupport

/// A real WebSocket client of the relay: records every text frame received and the close frame
/// the server sent, and sends text frames on request.
final class TestSocket: Sendable {
    private let received: Inbox
    private let cursor = Mutex(0)
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<WebSocketCloseFrame?, any Error>

    init(port: Int, query: String = "", headers: HTTPFields = [:], maxFrameSize: Int = 1 << 20) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        outgoing = continuation
        let inbox = Inbox()
        received = inbox
        let url = "ws://127.0.0.1:\(port)/v1/ws\(query.isEmpty ? "" : "?\(query)")"
        task = Task {
            defer { inbox.finish() }
            return try await WebSocketClient.connect(
                url: url, configuration: .init(maxFrameSize: maxFrameSize, additionalHeaders: headers),
                logger: Logger(label: "test.ws")
            ) { inbound, outbound, _ in
                inbox.markUpgraded()
                // The test closes by finishing `outgoing`: the writer then sends a close frame and
                // the reader ends when the server answers it.
                let writer = Task {
                    for await text in stream {
                        try await outbound.write(.text(text))
                    }
                    try await outbound.close(.normalClosure, reason: nil)
                }
                defer { writer.cancel() }
                for try await message in inbound.messages(maxSize: maxFrameSize) {
                    if case .text(let text) = message { inbox.append(text) }
                }
            }
        }
    }

    deinit {
        outgoing.finish()
    }

    func send(_ object: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        outgoing.yield(String(decoding: data, as: UTF8.self))
    }

    func sendRaw(_ text: String) {
        outgoing.yield(text)
    }

    /// Closes from the client side (normal closure).
    func close() {
        outgoing.finish()
    }

    /// The next text frame not yet returned, as a JSON object. The waits return as soon as the
    /// frame is there; their generous bound is for a CI whose two cores run every suite at once
    /// (10 s was once seen to pass before the relay's close arrived).
    func next(timeout: Duration = .seconds(30)) async throws -> [String: Any] {
        var frame: String?
        try await Eventually.wait(for: "a frame", timeout: timeout, every: .milliseconds(10)) {
            frame = cursor.withLock { index -> String? in
                let all = received.all
                guard index < all.count else { return nil }
                index += 1
                return all[index - 1]
            }
            return frame != nil
        }
        guard let frame, let object = try JSONSerialization.jsonObject(with: Data(frame.utf8)) as? [String: Any] else {
            throw RelayTestFailure(description: "a frame that is not a JSON object")
        }
        return object
    }

    /// Frames received and not yet returned by `next`.
    var unread: [String] {
        let index = cursor.withLock { $0 }
        return Array(received.all.dropFirst(index))
    }

    /// The close frame the server sent (nil if the connection ended without one).
    func closeFrame(timeout: Duration = .seconds(30)) async throws -> WebSocketCloseFrame? {
        // Polled rather than awaited: awaiting `task.value` cannot be abandoned at the timeout.
        do {
            try await Eventually.wait(for: "the socket to close", timeout: timeout, every: .milliseconds(10)) { received.isFinished }
        } catch {
            // Names the stage reached, so a hang tells the client's upgrade apart from a close
            // frame that never came.
            let stage = received.isUpgraded ? "upgraded, \(received.all.count) frames received" : "the upgrade never completed"
            throw RelayTestFailure(description: "timed out waiting for the socket to close (\(stage))")
        }
        return try await task.value
    }

    /// The numeric close code the server sent.
    func closeCode(timeout: Duration = .seconds(10)) async throws -> UInt16? {
        guard let frame = try await closeFrame(timeout: timeout) else { return nil }
        return Self.code(frame.closeCode)
    }

    static func code(_ code: WebSocketErrorCode) -> UInt16 {
        var buffer = ByteBuffer()
        buffer.write(webSocketErrorCode: code)
        return buffer.readInteger(as: UInt16.self) ?? 0
    }
}

/// A test expectation on the relay's traffic that did not hold.
struct RelayTestFailure: Error, CustomStringConvertible {
    let description: String
}

/// Frames received by a `TestSocket`, in order.
final class Inbox: Sendable {
    private let frames = Mutex<[String]>([])
    private let finished = Mutex(false)
    private let upgraded = Mutex(false)
    func append(_ frame: String) { frames.withLock { $0.append(frame) } }
    var all: [String] { frames.withLock { $0 } }
    /// The connection ended (the client's task returned).
    func finish() { finished.withLock { $0 = true } }
    var isFinished: Bool { finished.withLock { $0 } }
    /// The WebSocket upgrade completed (the client's handler started).
    func markUpgraded() { upgraded.withLock { $0 = true } }
    var isUpgraded: Bool { upgraded.withLock { $0 } }
}
