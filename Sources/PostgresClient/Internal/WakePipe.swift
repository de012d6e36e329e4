import Foundation

/// A non-blocking pipe that interrupts a `poll` from another thread (self-pipe trick). Owns both
/// descriptors and closes them in `deinit`, which runs only after the listener thread (the one
/// polling) and every canceller have dropped their references.
final class WakePipe: Sendable {
    private let readDescriptor: Int32
    private let writeDescriptor: Int32

    init?() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return nil }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the poller; a full pipe already guarantees a wake-up, so a failed write is fine.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Waits until `socket` is readable, the pipe was signalled, or `timeoutMilliseconds` passed
    /// (-1: no timeout). Returns whether the socket is readable; drains the pipe.
    func wait(socket: Int32?, timeoutMilliseconds: Int32) -> Bool {
        var descriptors = [pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)]
        if let socket { descriptors.append(pollfd(fd: socket, events: Int16(POLLIN), revents: 0)) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
        guard ready > 0 else { return false }
        if descriptors[0].revents != 0 {
            var buffer = [UInt8](repeating: 0, count: 64)
            while read(readDescriptor, &buffer, buffer.count) > 0 {}
        }
        // Errors and hang-ups count as readable: PQconsumeInput then reports the broken connection.
        return descriptors.count > 1 && descriptors[1].revents != 0
    }
}
