import Pipeline

extension RunnerSettings {
    /// Settings for a runtime inside a test: a consumer group joins and leaves in seconds, and a
    /// dependency failure is retried within the test's patience.
    public static var testing: RunnerSettings {
        var settings = RunnerSettings()
        settings.sessionTimeout = .seconds(6)
        settings.heartbeatInterval = .seconds(1)
        settings.shutdownDeadline = .seconds(5)
        settings.dependencyBackoff = .milliseconds(100)
        return settings
    }
}
