import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A private CA and a server certificate for 127.0.0.1 / localhost, made once per test run with
/// the `openssl` command line tool.
enum TestCertificates {
    struct Files: Sendable {
        let caFile: String
        let certificateFile: String
        let keyFile: String
    }

    private static let generated: Result<Files, TestSetupError> = generate()

    /// The files, generated on first use on a dispatch thread: openssl runs for seconds on a
    /// busy machine, and waiting for it (or for the one-time initialisation) on Swift's
    /// two-thread cooperative pool stalled every other test of the process.
    static func files() async throws -> Files {
        try await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: generated) }
        }.get()
    }

    /// Options that make smtp-sink.py present the server certificate.
    static func sinkOptions() async throws -> [String] {
        let files = try await files()
        return ["--starttls-cert", files.certificateFile, "--starttls-key", files.keyFile]
    }

    private static func generate() -> Result<Files, TestSetupError> {
        let temporary = FileManager.default.temporaryDirectory
        // One folder per test process; folders of processes that are gone are removed.
        let prefix = "relais-smtp-certs-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temporary.appending(path: name))
            }
        }
        let directory = temporary.appending(path: "\(prefix)\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = { (name: String) in directory.appending(path: name).path }
            let extensions = """
                subjectAltName=IP:127.0.0.1,DNS:localhost
                basicConstraints=critical,CA:FALSE
                keyUsage=critical,digitalSignature
                extendedKeyUsage=serverAuth

                """
            try extensions.write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
            let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try openssl(["req", "-x509"] + curve + [
                "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=Relais Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
            try openssl(["req"] + curve + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"])
            try openssl([
                "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext"),
            ])
            return .success(Files(caFile: path("ca.pem"), certificateFile: path("server.pem"), keyFile: path("server.key")))
        } catch let error as TestSetupError {
            return .failure(error)
        } catch {
            return .failure(TestSetupError(description: "certificate setup failed: \(error)"))
        }
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError(description: "openssl \(arguments[0]) failed: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
