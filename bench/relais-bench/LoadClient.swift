import NIOCore
import NIOPosix
import Synchronization

/// A lean HTTP/1.1 client for the benchmarks' load generators: a pool of keep-alive
/// connections to one server, each carrying one request at a time, requests encoded once by
/// the caller. It exists because the general clients cost more CPU than the server they
/// measured on these two cores: URLSession (libcurl under libdispatch) took ~70 % of the box in
/// the chat benchmark, and AsyncHTTPClient's shared client queues everything behind 8
/// connections per host.
final class LoadClient: Sendable {
    private let host: String
    private let port: Int
    private let maxConnections: Int
    private let pool = Mutex<(idle: [any Channel], open: Int, closed: Bool)>(([], 0, false))

    init(host: String = "127.0.0.1", port: Int, maxConnections: Int = 128) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
    }

    /// Sends `request` on an idle connection (opening one when none is idle) and returns the
    /// response. A connection that failed is closed, never reused.
    func send(_ request: LoadRequest) async throws -> LoadResponse {
        let channel = try await checkOut()
        let promise = channel.eventLoop.makePromise(of: LoadResponse.self)
        channel.writeAndFlush(LoadExchange(request: request, response: promise), promise: nil)
        do {
            let response = try await promise.futureResult.get()
            checkIn(channel)
            return response
        } catch {
            discard(channel)
            throw error
        }
    }

    func shutdown() async {
        let channels = pool.withLock { pool in
            pool.closed = true
            defer { pool.idle = [] }
            return pool.idle
        }
        for channel in channels { try? await channel.close() }
    }

    private func checkOut() async throws -> any Channel {
        enum Slot { case reuse(any Channel), open, full }
        while true {
            let slot: Slot = pool.withLock { pool in
                if let channel = pool.idle.popLast() { return .reuse(channel) }
                guard pool.open < maxConnections else { return .full }
                pool.open += 1
                return .open
            }
            switch slot {
            case .reuse(let channel):
                if channel.isActive { return channel }
                discard(channel)
            case .open:
                do {
                    return try await connect()
                } catch {
                    pool.withLock { $0.open -= 1 }
                    throw error
                }
            case .full:
                // Every connection is busy: the server is the bottleneck, wait for one.
                try await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    private func connect() async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(LoadConnectionHandler()) }
            }
            .connect(host: host, port: port).get()
    }

    private func checkIn(_ channel: any Channel) {
        let keep = pool.withLock { pool in
            guard !pool.closed else { return false }
            pool.idle.append(channel)
            return true
        }
        if !keep { channel.close(promise: nil) }
    }

    private func discard(_ channel: any Channel) {
        pool.withLock { $0.open -= 1 }
        channel.close(promise: nil)
    }
}
