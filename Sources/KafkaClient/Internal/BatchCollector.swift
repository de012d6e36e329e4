import Synchronization

/// Gathers the delivery results of one `sendBatch` call and resumes its caller once, when the
/// last report arrived.
final class BatchCollector: Sendable {
    typealias Outcome = Result<KafkaDeliveryReport, KafkaError>

    private struct State {
        var results: [Outcome?]
        var remaining: Int
        var waiter: CheckedContinuation<[Outcome], Never>?
    }

    private let topics: [String]
    private let state: Mutex<State>

    init(topics: [String]) {
        self.topics = topics
        state = Mutex(State(results: Array(repeating: nil, count: topics.count), remaining: topics.count))
    }

    func topic(at index: Int) -> String { topics[index] }

    func record(_ index: Int, _ result: Result<(partition: Int32, offset: Int64), KafkaError>) {
        let outcome = result.map { KafkaDeliveryReport(topic: topics[index], partition: $0.partition, offset: $0.offset) }
        let finished = state.withLock { state -> (CheckedContinuation<[Outcome], Never>, [Outcome])? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = outcome
            state.remaining -= 1
            guard state.remaining == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, Self.complete(state.results))
        }
        if let (waiter, results) = finished { waiter.resume(returning: results) }
    }

    /// Waits for every result, in the order the messages were given.
    func results() async -> [Outcome] {
        await withCheckedContinuation { (continuation: CheckedContinuation<[Outcome], Never>) in
            let ready = state.withLock { state -> [Outcome]? in
                if state.remaining == 0 { return Self.complete(state.results) }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private static func complete(_ results: [Outcome?]) -> [Outcome] {
        results.map { $0 ?? .failure(KafkaError.closed("send")) }
    }
}
