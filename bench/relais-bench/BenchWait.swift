/// Polls a condition until it holds or the timeout passes.
enum BenchWait {
    static func until(timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchFailure("timed out") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
