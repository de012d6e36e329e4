import Testing

/// The suites that refresh the shared materialized views, nested here so `.serialized` runs them
/// one at a time: a refresh is global, so a refresh count or a "covered" decision measured by one
/// test must not include another test's refresh. Each test still reads back only its own rows.
@Suite("Stats views", .serialized)
struct StatsViewSuites {}
