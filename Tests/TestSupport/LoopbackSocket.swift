import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain blocking TCP sockets to 127.0.0.1, for clients that must misbehave or stay cheap
/// (a peer that never reads, thousands of idle sockets) where a client library would not.
public enum LoopbackSocket {
    /// Connects to 127.0.0.1:`port`; nil when the socket cannot be made or connected (the
    /// descriptor is closed then).
    /// - Parameters:
    ///   - receiveBuffer: a small SO_RCVBUF makes a peer that does not read fill it quickly.
    ///   - readTimeoutSeconds: bounds each read so a silent server fails a test instead of hanging it.
    public static func connect(port: Int, receiveBuffer: Int32? = nil, readTimeoutSeconds: Int? = nil) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let seconds = readTimeoutSeconds {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
