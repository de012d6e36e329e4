import Testing

/// Every suite that starts relays runs under this one, one test at a time.
///
/// Run in parallel (some twenty relays, their Redis subscriptions and sockets in one test
/// process on two cores), the process was seen to stop making progress now and then: the test
/// tasks' `Task.sleep` timers stopped firing while every thread sat idle. Not explained yet;
/// serial runs take about five seconds and have not shown it.
@Suite(.serialized) enum RelayIntegration {}
