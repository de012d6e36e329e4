import Foundation

/// A throwaway PostgreSQL server on a free port, for tests that must stop a server: the shared
/// one is never stopped. Runs as the `postgres` OS user when the tests run as root (PostgreSQL
/// refuses root), with trust authentication on 127.0.0.1 only.
final class PrivatePostgres: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let directory: URL
    let port: Int
    private let binaries: String

    var url: String { "postgres://relais@127.0.0.1:\(port)/postgres" }

    init() throws {
        binaries = ProcessInfo.processInfo.environment["RELAIS_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("pgc_private_\(UUID().uuidString.prefix(8))")
        port = try Self.freePort()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try run("/bin/chown", ["postgres:postgres", directory.path]) }
        try runAsPostgres("initdb", [
            "-D", directory.appendingPathComponent("data").path, "-U", "relais", "--auth=trust",
            "-E", "UTF8", "--no-sync", "--no-instructions",
        ])
        try start()
    }

    func start() throws {
        try runAsPostgres("pg_ctl", [
            "-D", directory.appendingPathComponent("data").path, "-l", directory.appendingPathComponent("log").path,
            "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "20", "start",
        ])
    }

    func stop() throws {
        try runAsPostgres("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
    }

    /// Stops the server if it runs and deletes its files.
    func destroy() {
        try? stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func runAsPostgres(_ tool: String, _ arguments: [String]) throws {
        let path = binaries + "/" + tool
        if getuid() == 0 {
            try run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try run(path, arguments)
        }
    }

    /// Spawns a tool and waits for it with `waitpid`. Foundation's `Process` is avoided on purpose:
    /// it detects exit through a descriptor the daemon forked by `pg_ctl start` inherits, so
    /// `waitUntilExit()` never returns.
    private func run(_ executable: String, _ arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot spawn \(executable): \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(errno)") }
        }
        // WIFEXITED && WEXITSTATUS == 0, spelled out because the C macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(executable) \(arguments.first ?? "") failed with status \(status)")
        }
    }

    /// Asks the kernel for a free TCP port on 127.0.0.1.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic -> Int32 in
                guard bind(descriptor, generic, length) == 0 else { return -1 }
                return getsockname(descriptor, generic, &length)
            }
        }
        guard bound == 0 else { throw Failure(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
