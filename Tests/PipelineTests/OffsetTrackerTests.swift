@testable import Pipeline
import Testing

@Suite("Committable offsets under key-ordered parallelism")
struct OffsetTrackerTests {
    @Test("the committable offset advances only over a prefix of settled messages")
    func advancesOverPrefix() {
        var tracker = OffsetTracker()
        for offset in [10, 11, 12, 13] as [Int64] { tracker.received(offset) }
        #expect(tracker.completed(12) == nil, "11 and 10 are not done")
        #expect(tracker.completed(10) == 10)
        #expect(tracker.completed(11) == 12, "11 completes the prefix up to 12")
        #expect(tracker.completed(13) == 13)
    }

    @Test("gaps in offsets (compacted or filtered) do not block the tracker")
    func gaps() {
        var tracker = OffsetTracker()
        for offset in [5, 9, 20] as [Int64] { tracker.received(offset) }
        #expect(tracker.completed(9) == nil)
        #expect(tracker.completed(5) == 9)
        #expect(tracker.completed(20) == 20)
    }

    @Test("failure decisions: permanent and exhausted go to dead letters, fatal stops, retryable backs off")
    func decisions() {
        let policy = RetryPolicy(attempts: 3, initialBackoff: .seconds(1), maxBackoff: .seconds(10), jitter: 0)
        #expect(FailureDecision.decide(.retryable("x", "y"), attempt: 1, policy: policy, hasRetryTopic: true, unit: 0.5)
                == .retry(attempt: 2, after: .seconds(1)))
        #expect(FailureDecision.decide(.retryable("x", "y"), attempt: 2, policy: policy, hasRetryTopic: true, unit: 0.5)
                == .retry(attempt: 3, after: .seconds(2)))
        #expect(FailureDecision.decide(.retryable("x", "y"), attempt: 3, policy: policy, hasRetryTopic: true, unit: 0.5) == .deadLetter)
        #expect(FailureDecision.decide(.retryable("x", "y"), attempt: 1, policy: policy, hasRetryTopic: false, unit: 0.5) == .deadLetter)
        #expect(FailureDecision.decide(.permanent("x", "y"), attempt: 1, policy: policy, hasRetryTopic: true, unit: 0.5) == .deadLetter)
        #expect(FailureDecision.decide(.fatal("x", "y"), attempt: 1, policy: policy, hasRetryTopic: true, unit: 0.5) == .stop)
    }

    @Test("errors are classified: handler failures keep their kind, decoding errors are permanent, unknown ones retryable")
    func classification() {
        struct Unknown: Error {}
        #expect(FailureClassifier.classify(HandlerFailure.permanent("a", "b")).kind == .permanent)
        #expect(FailureClassifier.classify(PipelineError(code: .malformedEnvelope, description: "x")).kind == .permanent)
        #expect(FailureClassifier.classify(PipelineError(code: .brokerUnavailable, description: "x")).kind == .retryable)
        #expect(FailureClassifier.classify(Unknown()).kind == .retryable)
        #expect(FailureClassifier.classify(CancellationError()).kind == .retryable)
    }
}
