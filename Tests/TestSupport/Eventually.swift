/// Polls a condition until it holds, failing (by throwing) after a deadline, so a lost message
/// fails its test instead of hanging it.
public enum Eventually {
    public struct TimedOut: Error, CustomStringConvertible {
        public let what: String
        public var description: String { "timed out waiting for \(what)" }
    }

    public static func wait(for what: String, timeout: Duration, every interval: Duration = .milliseconds(200),
                            _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: interval)
        }
        throw TimedOut(what: what)
    }
}
