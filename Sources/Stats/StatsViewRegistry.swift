/// The views the `stats` worker may refresh: the one list the worker, the schedule and the tests
/// read. A product adds its view here and in a migration (docs/stats.md, "Adding a view").
public struct StatsViewRegistry: Sendable {
    public let views: [StatsView]

    /// - Parameter views: distinct names; a later duplicate is ignored.
    public init(_ views: [StatsView]) {
        var seen: Set<String> = []
        self.views = views.filter { seen.insert($0.name).inserted }
    }

    /// Every view of this build.
    public static let relais = StatsViewRegistry([.academyCourseStats, .billingRevenueDaily])

    /// The registered view called `name`, or nil.
    public func view(named name: String) -> StatsView? {
        views.first { $0.name == name }
    }

    /// The view a command asks for.
    /// - Throws: `StatsError.unknownView` (permanent) when the name is not registered.
    public func view(for command: RefreshStats) throws -> StatsView {
        guard let view = view(named: command.view) else { throw StatsError.unknownView(command.view) }
        return view
    }
}
