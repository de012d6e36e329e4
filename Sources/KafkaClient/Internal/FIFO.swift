/// A queue with amortised O(1) append and removal from the front.
struct FIFO<Element> {
    private var storage: [Element] = []
    private var head = 0

    var count: Int { storage.count - head }
    var isEmpty: Bool { head == storage.count }

    var first: Element? { head < storage.count ? storage[head] : nil }

    mutating func append(_ element: Element) {
        storage.append(element)
    }

    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head]
        head += 1
        compact()
        return element
    }

    /// Removes and returns the first `maxCount` elements (fewer when fewer are queued).
    mutating func popFirst(upTo maxCount: Int) -> [Element] {
        let end = min(storage.count, head + maxCount)
        let taken = Array(storage[head..<end])
        head = end
        compact()
        return taken
    }

    /// Drops consumed slots once they are at least half the storage (amortised O(1)).
    private mutating func compact() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    /// Removes and returns, in order, the elements matching `predicate`.
    mutating func extract(where predicate: (Element) -> Bool) -> [Element] {
        var kept: [Element] = []
        var taken: [Element] = []
        for element in storage[head...] {
            if predicate(element) { taken.append(element) } else { kept.append(element) }
        }
        storage = kept
        head = 0
        return taken
    }

    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }
}

extension FIFO: Sendable where Element: Sendable {}
