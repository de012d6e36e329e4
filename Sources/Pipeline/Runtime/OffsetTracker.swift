/// Which offset of a partition may be committed when messages finish out of order (key-ordered
/// parallelism): the highest offset below which every received message is done. Pure.
struct OffsetTracker: Sendable {
    private var pending: [Int64] = []
    private var done: Set<Int64> = []
    private var head = 0

    mutating func received(_ offset: Int64) {
        pending.append(offset)
    }

    /// Marks `offset` done. - Returns: the new highest committable offset, if it advanced.
    mutating func completed(_ offset: Int64) -> Int64? {
        done.insert(offset)
        var committable: Int64?
        while head < pending.count, done.contains(pending[head]) {
            done.remove(pending[head])
            committable = pending[head]
            head += 1
        }
        if head > 1_024 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        return committable
    }
}
