/// A failure of the test setup itself (a server that did not start, a tool that failed).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}
