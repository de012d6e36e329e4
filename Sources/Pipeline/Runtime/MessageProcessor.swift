import Dispatch
import Foundation
import KafkaClient
import Logging
import Metrics
import Platform
import PostgresClient

/// Runs one consumed message through its handler and settles every outcome: success, retry
/// (to the retry topic, attempt + 1, not before its backoff), dead letter (topic + index), or
/// fatal. Only `.fatal` leaves the message unsettled; everything else may have its offset stored.
struct MessageProcessor: Sendable {
    enum Outcome: Sendable {
        /// Done with (handled, retried or dead-lettered): its offset may be stored.
        case settled
        /// The process must stop without storing this offset.
        case fatal(HandlerFailure)
        /// Shutdown interrupted the settling: leave it for redelivery.
        case abandoned
    }

    let worker: WorkerSpec
    let catalogue: TopicCatalogue
    let handlers: HandlerRegistry
    let producer: KafkaProducer
    let postgres: PostgresClient
    let parking: StrictOrderParking
    let health: WorkerHealth
    let settings: RunnerSettings
    let logger: Logger

    func consumedTopic(_ name: String) -> ConsumedTopic? {
        ConsumedTopic(name, in: catalogue)
    }

    var deadLetters: DeadLetterWriter {
        DeadLetterWriter(producer: producer, postgres: postgres, consumerGroup: worker.group)
    }

    /// - Parameters:
    ///   - consumed: the message's topic, resolved by the lane (`consumedTopic(_:)`).
    ///   - waitUntil: called with the not-before time of a retry message; returns once it is due
    ///     (the lane pauses its partition meanwhile).
    func process(_ message: KafkaMessage, from consumed: ConsumedTopic?, metrics: LaneMetrics,
                 waitUntil: @Sendable (Date) async -> Void) async -> Outcome {
        guard let consumed else {
            // Subscriptions come from the catalogue, so this is a catalogue/code mismatch.
            return .fatal(.fatal("unknown_topic", "received a message from undeclared topic \(message.topic)"))
        }
        let topic = consumed.spec
        // Only retry messages carry provenance headers; a first delivery is its own position.
        let position = consumed.isRetry ? DeliveryPosition(message: message) : DeliveryPosition(firstDelivery: message)
        let envelope: CommandEnvelope
        do {
            envelope = try CommandEnvelope(message: message)
        } catch {
            return await settle { try await deadLetterMalformed(message, topic: topic, position: position, error: error) }
        }
        if consumed.isRetry, let notBefore = message.header(CommandHeader.notBefore)
            .flatMap({ String(bytes: $0, encoding: .utf8) }).flatMap(CommandCoding.date), notBefore > .now {
            await waitUntil(notBefore)
        }
        if topic.ordering == .strict {
            guard let parked = await settleValue({ try await parking.parkIfBlocked(envelope, topic: topic.name) }) else {
                return .abandoned
            }
            if parked {
                logger.info("command parked behind a dead letter of its key", metadata: metadata(envelope, message))
                return .settled
            }
        }
        let context = makeContext(envelope, message: message, position: position)
        let token = health.handlerStarted()
        let started = DispatchTime.now()
        do {
            try await handlers.invoke(envelope, context: context)
            health.handlerFinished(token)
            metrics.duration.recordInterval(since: started)
            metrics.handled.increment()
            return .settled
        } catch {
            health.handlerFinished(token)
            let failure = FailureClassifier.classify(error)
            Counter(label: "relais_worker_failed_total", dimensions: [("topic", topic.name), ("kind", failure.kind.rawValue)]).increment()
            return await settleFailure(failure, envelope: envelope, topic: topic, position: position, context: context)
        }
    }

    private func settleFailure(_ failure: HandlerFailure, envelope: CommandEnvelope, topic: TopicSpec,
                               position: DeliveryPosition, context: HandlerContext) async -> Outcome {
        let decision = FailureDecision.decide(failure, attempt: envelope.attempt, policy: topic.retry,
                                              hasRetryTopic: topic.retryTopic != nil, unit: Double.random(in: 0...1))
        var log = context.logger
        log[metadataKey: "error"] = "\(failure)"
        switch decision {
        case .stop:
            log.critical("fatal handler failure: stopping without committing")
            return .fatal(failure)
        case .retry(let attempt, let after):
            log.warning("command failed, will retry", metadata: ["next_attempt": "\(attempt)", "after": "\(after)"])
            Counter(label: "relais_worker_retried_total", dimensions: [("topic", topic.name)]).increment()
            return await settle { try await sendToRetry(envelope, topic: topic, position: position, attempt: attempt, after: after) }
        case .deadLetter:
            log.error("command dead-lettered", metadata: ["attempts": "\(envelope.attempt)"])
            guard let deadLetterTopic = topic.deadLetter else {
                return .fatal(.fatal("no_dead_letter_topic", "topic \(topic.name) has no dead-letter topic"))
            }
            return await settle {
                let id = try await deadLetters.write(envelope, position: position, deadLetterTopic: deadLetterTopic,
                                                     failure: failure, attempts: envelope.attempt)
                if topic.ordering == .strict { parking.blockKey(envelope.key, topic: topic.name, deadLetter: id) }
            }
        }
    }

    private func sendToRetry(_ envelope: CommandEnvelope, topic: TopicSpec, position: DeliveryPosition,
                             attempt: Int, after: Duration) async throws {
        guard let retryTopic = topic.retryTopic else { return }
        var retried = envelope
        retried.attempt = attempt
        let now = Date.now
        let due = now.addingTimeInterval(Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18)
        var message = retried.message(topic: TopicName(retryTopic))
        message.headers += position.headers(failedAt: now) + [KafkaHeader(key: CommandHeader.notBefore, string: CommandCoding.timestamp(due))]
        _ = try await producer.send(message)
    }

    private func deadLetterMalformed(_ message: KafkaMessage, topic: TopicSpec, position: DeliveryPosition, error: any Error) async throws {
        guard let deadLetterTopic = topic.deadLetter else { return }
        let failure = FailureClassifier.classify(error)
        logger.error("malformed command envelope dead-lettered", metadata: [
            "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)", "error": "\(failure)",
        ])
        // Keep what can be kept; the id is new because the message carries none we can trust.
        let envelope = CommandEnvelope(type: DeadLetterRedrive.malformedType, version: 1, actor: nil, traceparent: nil,
                                       key: message.key.flatMap { String(bytes: $0, encoding: .utf8) } ?? "", payload: message.value)
        try await deadLetters.write(envelope, position: position, deadLetterTopic: deadLetterTopic, failure: failure, attempts: 1)
    }

    /// Runs a settling write (retry send, dead letter, parking) until it succeeds: these only
    /// fail when the broker or the database is down, and the offset must not move before they
    /// are done. Gives up only on shutdown (cancellation), leaving the message to be redelivered.
    private func settle(_ write: @Sendable () async throws -> Void) async -> Outcome {
        await settleValue(write) == nil ? .abandoned : .settled
    }

    private func settleValue<T: Sendable>(_ write: @Sendable () async throws -> T) async -> T? {
        while !Task.isCancelled {
            do {
                return try await write()
            } catch {
                logger.warning("could not record the outcome of a command; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: settings.dependencyBackoff)
            }
        }
        return nil
    }

    private func makeContext(_ envelope: CommandEnvelope, message: KafkaMessage, position: DeliveryPosition) -> HandlerContext {
        HandlerContext(
            commandID: envelope.id, commandType: envelope.type, attempt: envelope.attempt, consumerGroup: worker.group,
            topic: position.topic, partition: position.partition, offset: position.offset, key: envelope.key,
            actor: envelope.actor, issuedAt: envelope.issuedAt, traceparent: envelope.traceparent?.child() ?? .random(),
            baseLogger: logger)
    }

    private func metadata(_ envelope: CommandEnvelope, _ message: KafkaMessage) -> Logger.Metadata {
        ["command_id": "\(envelope.id)", "command_type": "\(envelope.type)", "attempt": "\(envelope.attempt)",
         "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)"]
    }
}
