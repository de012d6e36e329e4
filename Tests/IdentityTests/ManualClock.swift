@testable import Identity
import Synchronization

/// A clock in microseconds that moves only when told to.
final class ManualClock: Sendable {
    private let microseconds = Atomic<Int64>(1_000_000_000)

    var now: Int64 { microseconds.load(ordering: .relaxed) }

    func advance(by duration: Duration) {
        microseconds.add(GCRA.microseconds(of: duration), ordering: .relaxed)
    }

    var read: @Sendable () -> Int64 { { [self] in now } }
}
