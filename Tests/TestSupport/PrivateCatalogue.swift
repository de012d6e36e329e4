import Foundation

/// A copy of the real topics.yaml in which some worker kinds consume under a consumer group of
/// their own, so a test's worker process neither shares partitions with another suite's workers
/// nor misses its own commands. Topics and settings stay exactly the real ones.
public struct PrivateCatalogue: Sendable {
    public let file: URL
    public let yaml: String
    /// The private group of each kind.
    public let groups: [String: String]

    public init(kinds: [String]) throws {
        var yaml = try String(contentsOf: TestStack.repositoryRoot.appendingPathComponent("topics.yaml"), encoding: .utf8)
        var groups: [String: String] = [:]
        for kind in kinds {
            let group = TestStack.uniqueName("relais.test-\(kind)")
            let original = "group: relais.\(kind)\n"
            guard yaml.contains(original) else { throw TestSetupError(description: "topics.yaml has no \(original)") }
            yaml = yaml.replacingOccurrences(of: original, with: "group: \(group)\n")
            groups[kind] = group
        }
        file = FileManager.default.temporaryDirectory.appendingPathComponent("\(TestStack.uniqueName("topics")).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        self.yaml = yaml
        self.groups = groups
    }

    public func remove() {
        try? FileManager.default.removeItem(at: file)
    }
}
