import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// A plain TCP client for what a WebSocket client library will not do: complete the upgrade and
/// then never read again (a slow consumer), or send a bare HTTP request.
///
/// Its calls block: run them through `RawClient.offPool` so they never hold one of the few
/// threads of Swift's cooperative pool, which the relay under test needs to answer.
final class RawClient: @unchecked Sendable {  // one test task uses it at a time
    /// Runs blocking socket calls on a dispatch thread.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    let descriptor: Int32

    /// Connects to 127.0.0.1:`port` with a small receive buffer, so a peer that does not read
    /// fills it quickly.
    init(port: Int, receiveBuffer: Int32 = 4_096) throws {
        // Reads give up after 10 s, so a relay that never answers fails the test instead of hanging it.
        guard let descriptor = LoopbackSocket.connect(port: port, receiveBuffer: receiveBuffer, readTimeoutSeconds: 10) else {
            throw Failure(step: "connect")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    struct Failure: Error {
        let step: String
    }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw Failure(step: "send") }
            sent += count
        }
    }

    /// Reads until the end of the HTTP response head (byte by byte, so nothing after it is read).
    func readHead() throws -> String {
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.reversed().starts(with: Array("\n\r\n\r".utf8)) {
            guard recv(descriptor, &byte, 1, 0) == 1 else { throw Failure(step: "recv") }
            head.append(byte)
        }
        return String(decoding: head, as: UTF8.self)
    }

    /// Completes a WebSocket upgrade of `/v1/ws?<query>`; returns the response head.
    func upgrade(query: String) throws -> String {
        try write("""
            GET /v1/ws?\(query) HTTP/1.1\r
            Host: 127.0.0.1\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            \r

            """)
        return try readHead()
    }

    /// Reads and discards until the peer ends the connection; false if `limit` bytes came first
    /// or a read timed out.
    func readsToEnd(limit: Int) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        while total < limit {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
            total += count
        }
        return false
    }
}
