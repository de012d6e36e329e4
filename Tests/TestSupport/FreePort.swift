import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finds a free TCP port on 127.0.0.1 and waits for a server to open one.
public enum FreePort {
    public struct Timeout: Error {}

    public static func find() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Timeout() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public static func isOpen(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    public static func waitUntilOpen(_ port: Int, timeout: TimeInterval) throws {
        let deadline = Date.now.addingTimeInterval(timeout)
        while Date.now < deadline {
            if isOpen(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Timeout()
    }
}
