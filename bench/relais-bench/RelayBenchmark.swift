import Foundation
import NIOCore
import Identity
import Logging
import PostgresClient
import Realtime
import RedisClient
import Relay
import ServiceLifecycle
import Synchronization
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The relay's fan-out and memory, against the same Redis in the same run:
/// (a) 1,000 WebSocket clients of an in-process relay receive frames published on their user
///     channels; delivered frames/s against the PUBLISH rate `redis-benchmark` measures. The
///     clients (`FrameCountingSocket`) only count frames, so the relay gets the cores;
/// (b) RSS growth per idle authenticated socket with 10,000 sockets (plain TCP clients, whose
///     buffers live in the kernel, so the process's RSS growth is the relay's).
enum RelayBenchmark {
    static let fanOutClients = 1_000
    static let framesPerClient = 50
    static let idleConnections = 10_000
    /// Fan-out rounds, each followed by a `redis-benchmark` round; the best of each side counts.
    static let rounds = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_ROUNDS"] ?? "") ?? 3
    static let secret = "relay-benchmark-secret-0123456789-abcdefghij"

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        // Each idle socket takes two descriptors here (client and server side).
        let fileLimit = raiseFileLimit(to: 2 * idleConnections + 4_096)
        let idleCount = min(idleConnections, (fileLimit - 4_096) / 2)
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: Logger(label: "bench.redis"))
        defer { redis.close() }
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: Logger(label: "bench.pg"))
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: secret))
        var relaySettings = RelaySettings(port: Int.random(in: 20_000..<32_000), sendBufferFrames: 4_096)
        relaySettings.pingInterval = .seconds(300)
        relaySettings.authTimeout = .seconds(120)
        var logger = Logger(label: "bench.relay")
        logger.logLevel = .warning
        let relay = RelayServer(settings: relaySettings, tokens: tokens, redis: redis, rooms: ConversationRoomAccess(postgres: postgres),
                                logger: logger)
        let group = ServiceGroup(configuration: .init(services: [relay], logger: logger))
        let running = Task { try? await group.run() }
        let port = await relay.awaitListening()
        try await relay.awaitSubscribed()

        FileHandle.standardError.write(Data("relay bench: descriptor limit \(fileLimit), \(idleCount) idle sockets\n".utf8))
        let fanOut = try await measureFanOut(relay: relay, port: port, redis: redis, tokens: tokens) {
            try publishBaseline(settings: settings)
        }
        let baseline = fanOut.baselines.max() ?? 0
        FileHandle.standardError.write(Data("""
            relay fan-out rounds: \(fanOut.rates.map { Int($0) }) frames/s (\(fanOut.delivered)/\(fanOut.published) in the last)
            redis-benchmark PUBLISH rounds: \(fanOut.baselines.map { Int($0) }) req/s

            """.utf8))
        let memory = try await measureIdleMemory(relay: relay, port: port, tokens: tokens, count: idleCount)

        FileHandle.standardError.write(Data(String(format: "relay idle memory: %.1f KiB per socket (%d sockets)\n",
                                                   memory.bytesPerConnection / 1024, memory.connections).utf8))
        await group.triggerGracefulShutdown()
        await running.value
        await postgres.close()
        return BenchResult(
            unit: "frames/s", relais: fanOut.rates.max() ?? 0, baseline: baseline, baselineName: "redis-benchmark PUBLISH (-c 50)", target: 0.5,
            notes: [
                "clients": fanOutClients, "frames_delivered": fanOut.delivered, "frames_published": fanOut.published,
                "fan_out_rounds": fanOut.rates.map { $0.rounded() }, "baseline_rounds": fanOut.baselines.map { $0.rounded() },
                "idle_connections": memory.connections, "rss_per_idle_connection_kib": (memory.bytesPerConnection / 1024 * 10).rounded() / 10,
                "rss_per_idle_connection_target_kib": 20, "meets_memory_target": memory.bytesPerConnection <= 20 * 1024,
            ])
    }

    // MARK: fan-out

    /// Frames seen by all clients together.
    final class Counters: Sendable {
        let received = Atomic<Int>(0)
        let connected = Atomic<Int>(0)
    }

    /// Connects the clients once, then alternates `rounds` fan-out rounds with rounds of
    /// `baseline` (run while the clients stay connected and idle).
    private static func measureFanOut(relay: RelayServer, port: Int, redis: RedisClient, tokens: AccessTokens,
                                      baseline: () throws -> Double) async throws
        -> (rates: [Double], baselines: [Double], delivered: Int, published: Int)
    {
        let counters = Counters()
        let users = (0..<fanOutClients).map { _ in UUID() }
        var clients: [any Channel] = []
        for user in users {
            let token = try tokens.sign(userID: user, roles: [], sessionID: UUID(), now: Date()).token
            clients.append(try await FrameCountingSocket.connect(port: port, token: token) { isFirst in
                if isFirst {
                    counters.connected.add(1, ordering: .relaxed)
                } else {
                    counters.received.add(1, ordering: .relaxed)
                }
            })
        }
        try await waitUntil(timeout: .seconds(120)) { counters.connected.load(ordering: .relaxed) == fanOutClients }
        let frame = RedisArgument.bytes(Array(#"{"type":"notification:new","id":"0193a5e0-0000-7000-8000-000000000000","data":{"n":1}}"#.utf8))
        let published = fanOutClients * framesPerClient
        var rates: [Double] = [], baselines: [Double] = [], delivered = 0
        for _ in 0..<rounds {
            counters.received.store(0, ordering: .relaxed)
            let started = ContinuousClock.now
            // Round-robin over the users, 1,000 PUBLISHes per pipeline.
            for _ in 0..<framesPerClient {
                let commands: [[RedisArgument]] = users.map { ["PUBLISH", .string(RealtimeChannels.user($0)), frame] }
                _ = try await redis.pipeline(commands)
            }
            try? await waitUntil(timeout: .seconds(120)) { counters.received.load(ordering: .relaxed) >= published }
            delivered = counters.received.load(ordering: .relaxed)
            rates.append(Double(delivered) / BenchSettings.seconds(ContinuousClock.now - started))
            baselines.append(try baseline())
        }
        for client in clients { try? await client.close() }
        try? await waitUntil(timeout: .seconds(30)) { relay.connectionCount == 0 }
        return (rates, baselines, delivered, published)
    }

    /// PUBLISH requests per second that redis-benchmark reaches on the same server (nobody
    /// subscribes to its channel, so this is Redis's own ceiling for accepting publishes).
    private static func publishBaseline(settings: BenchSettings) throws -> Double {
        let url = URL(string: settings.redisURL)
        let output = try BenchSettings.run("redis-benchmark", [
            "-h", url?.host ?? "127.0.0.1", "-p", String(url?.port ?? 6379), "-n", "200000", "-c", "50", "-q",
            "PUBLISH", "relay:bench:baseline", #"{"type":"notification:new","id":"0193a5e0-0000-7000-8000-000000000000","data":{"n":1}}"#,
        ])
        // "PUBLISH relay:bench:baseline …: 98765.43 requests per second, p50=…"
        let line = output.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).last { $0.contains("requests per second") }
        guard let line, let range = line.range(of: " requests per second"),
              let rate = Double(line[..<range.lowerBound].split(separator: " ").last ?? "")
        else {
            throw BenchFailure("could not read redis-benchmark's rate from: \(output.suffix(300))")
        }
        return rate
    }

    // MARK: memory

    private static func measureIdleMemory(relay: RelayServer, port: Int, tokens: AccessTokens, count: Int) async throws
        -> (connections: Int, bytesPerConnection: Double)
    {
        let tokenList = try (0..<count).map { _ in
            try tokens.sign(userID: UUID(), roles: [], sessionID: UUID(), now: Date()).token
        }
        // Warm up allocator pools and lazily created state with a first small batch.
        var sockets = try openSockets(port: port, tokens: Array(tokenList.prefix(200)))
        try await waitUntil(timeout: .seconds(60)) { relay.connectionCount == sockets.count }
        try await Task.sleep(for: .seconds(1))
        let before = residentBytes()
        sockets += try openSockets(port: port, tokens: Array(tokenList.dropFirst(200)))
        try await waitUntil(timeout: .seconds(300)) { relay.connectionCount == sockets.count }
        try await Task.sleep(for: .seconds(2))
        let after = residentBytes()
        let added = Double(count - 200)
        for socket in sockets { close(socket) }
        try? await waitUntil(timeout: .seconds(60)) { relay.connectionCount == 0 }
        return (sockets.count, Double(after - before) / added)
    }

    /// Opens authenticated sockets: TCP connect, upgrade request, response head read.
    private static func openSockets(port: Int, tokens: [String]) throws -> [Int32] {
        var sockets: [Int32] = []
        for token in tokens {
            guard let descriptor = LoopbackSocket.connect(port: port) else {
                throw BenchFailure("connect failed after \(sockets.count) sockets: raise ulimit -n")
            }
            let request = Array("GET /v1/ws?access_token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            sockets.append(descriptor)
        }
        // The `connected` frames stay unread in the kernel's buffers, as an idle client's would.
        return sockets
    }

    private static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        let kib = line?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kib * 1024
    }

    /// - Returns: the soft limit in force afterwards.
    @discardableResult
    private static func raiseFileLimit(to wanted: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1_024 }
        let target = rlim_t(wanted)
        guard limit.rlim_cur < target else { return Int(limit.rlim_cur) }
        // Raising the hard limit needs privileges (root on the build machines); otherwise take
        // what the hard limit allows.
        var raised = rlimit(rlim_cur: target, rlim_max: max(target, limit.rlim_max))
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
            limit.rlim_cur = min(target, limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(limit.rlim_cur)
    }

    private static func waitUntil(timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchFailure("timed out") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
