import NIOCore

/// One HTTP/1.1 request of a load run, encoded once into the bytes put on the wire.
struct LoadRequest: Sendable {
    let bytes: ByteBuffer

    /// - Parameters:
    ///   - headers: extra headers; `Host`, `Content-Length` and keep-alive are written here.
    init(method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        var buffer = ByteBuffer(string: head)
        buffer.writeBytes(body)
        bytes = buffer
    }
}

/// What came back: the status and the body (headers are not kept).
struct LoadResponse: Sendable {
    let status: Int
    let body: ByteBuffer

    /// Whether `text` occurs in the body, without building a String of it.
    func bodyContains(_ text: String) -> Bool {
        body.readableBytesView.firstRange(of: Array(text.utf8)) != nil
    }
}
