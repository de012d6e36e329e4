import Foundation


/// Validates a document with the `openapi-spec-validator` package (installed by
/// `scripts/stack install`), a reference implementation of the OpenAPI 3.1 schema.
public enum OpenAPIValidator {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func validate(_ document: Data) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).json")
        try document.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "openapi_spec_validator", "--schema", "3.1", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Invalid(description: text) }
    }
}
