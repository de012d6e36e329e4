import Synchronization

/// Gathers the delivery results of one `sendBatch` call and resumes its caller once, when the
/// last result is in. The first result recorded for an index wins.
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

    /// - Returns: whether this was the last missing result.
    @discardableResult
    func record(_ index: Int, _ result: Result<(partition: Int32, offset: Int64), KafkaError>) -> Bool {
        guard topics.indices.contains(index) else { return false }
        let outcome = result.map { KafkaDeliveryReport(topic: topics[index], partition: $0.partition, offset: $0.offset) }
        let (done, resume) = state.withLock { state -> (Bool, (CheckedContinuation<[Outcome], Never>, [Outcome])?) in
            guard state.results[index] == nil else { return (false, nil) }
            state.results[index] = outcome
            state.remaining -= 1
            guard state.remaining == 0 else { return (false, nil) }
            guard let waiter = state.waiter else { return (true, nil) }
            state.waiter = nil
            return (true, (waiter, Self.complete(state.results)))
        }
        if let (waiter, results) = resume { waiter.resume(returning: results) }
        return done
    }

    /// Records several results under one lock.
    /// - Returns: whether the batch is now complete.
    @discardableResult
    func record(_ results: [(Int, Result<(partition: Int32, offset: Int64), KafkaError>)]) -> Bool {
        let (done, resume) = state.withLock { state -> (Bool, (CheckedContinuation<[Outcome], Never>, [Outcome])?) in
            for (index, result) in results where topics.indices.contains(index) && state.results[index] == nil {
                state.results[index] = result.map {
                    KafkaDeliveryReport(topic: topics[index], partition: $0.partition, offset: $0.offset)
                }
                state.remaining -= 1
            }
            guard state.remaining == 0 else { return (false, nil) }
            guard let waiter = state.waiter else { return (true, nil) }
            state.waiter = nil
            return (true, (waiter, Self.complete(state.results)))
        }
        if let (waiter, outcomes) = resume { waiter.resume(returning: outcomes) }
        return done
    }

    /// Records `error` for every index without a result yet (producer shutting down).
    func failRemaining(_ error: KafkaError) {
        let missing = state.withLock { state in state.results.indices.filter { state.results[$0] == nil } }
        for index in missing { record(index, .failure(error)) }
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
