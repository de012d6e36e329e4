import Foundation
import KafkaClient
import Pipeline
import Platform
import Testing

@Suite("Command envelope")
struct CommandEnvelopeTests {
    @Test("an envelope survives the trip through Kafka headers, key and value unchanged")
    func roundTrip() throws {
        let command = RecordVisit(visitorID: UUID(), page: "/cours/été 🎧", at: Date(timeIntervalSince1970: 1_795_000_000.5))
        let trace = TraceParent.random()
        let envelope = try CommandEnvelope(command, actor: "user:42", traceparent: trace)
        let outgoing = envelope.message(topic: RecordVisit.topic)
        let consumed = KafkaMessage(topic: outgoing.topic, partition: 0, offset: 7, key: outgoing.key, value: outgoing.value,
                                    headers: outgoing.headers, timestamp: nil)
        let decoded = try CommandEnvelope(message: consumed)
        #expect(decoded.id == envelope.id)
        #expect(decoded.type == "RecordVisit")
        #expect(decoded.version == 2)
        #expect(decoded.attempt == 1)
        #expect(decoded.actor == "user:42")
        #expect(decoded.traceparent == trace)
        #expect(decoded.key == command.orderingKey)
        #expect(abs(decoded.issuedAt.timeIntervalSince(envelope.issuedAt)) < 0.001)
        #expect(try decoded.decode(RecordVisit.self) == command)
        #expect(String(decoding: decoded.payload, as: UTF8.self).contains("\"visitor_id\""))
    }

    @Test("headers carry every envelope field with the documented names")
    func headerNames() throws {
        let envelope = try CommandEnvelope(RecordVisit(visitorID: UUID(), page: "/", at: .now), actor: nil, traceparent: nil)
        let names = Set(envelope.headers.map(\.key))
        #expect(names == ["relais-type", "relais-id", "relais-version", "relais-attempt", "relais-issued-at", "content-type"])
        #expect(envelope.id.uuidString.lowercased().dropFirst(14).first == "7", "ids are UUIDv7")
    }

    @Test("a message missing a header or with a malformed one is a permanent envelope error")
    func malformedEnvelope() throws {
        let envelope = try CommandEnvelope(RecordVisit(visitorID: UUID(), page: "/", at: .now), actor: nil, traceparent: nil)
        let message = envelope.message(topic: RecordVisit.topic)
        for dropped in ["relais-id", "relais-type", "relais-version"] {
            let broken = KafkaMessage(topic: message.topic, partition: 0, offset: 0, key: message.key, value: message.value,
                                      headers: message.headers.filter { $0.key != dropped }, timestamp: nil)
            #expect {
                _ = try CommandEnvelope(message: broken)
            } throws: { error in
                (error as? PipelineError)?.code == .malformedEnvelope && !(error as! PipelineError).isRetryable
            }
        }
        let badID = KafkaMessage(topic: message.topic, partition: 0, offset: 0, key: message.key, value: message.value,
                                 headers: message.headers.map { $0.key == "relais-id" ? KafkaHeader(key: "relais-id", string: "nope") : $0 },
                                 timestamp: nil)
        #expect(throws: PipelineError.self) { try CommandEnvelope(message: badID) }
        let wrongPayload = try CommandEnvelope(message: KafkaMessage(
            topic: message.topic, partition: 0, offset: 0, key: message.key, value: Array("{}".utf8), headers: message.headers, timestamp: nil))
        #expect(throws: PipelineError.self) { try wrongPayload.decode(RecordVisit.self) }
    }

    @Test("UUIDv7 ids sort by creation time")
    func uuidV7Sorts() {
        let early = UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let late = UUIDv7.make(at: Date(timeIntervalSince1970: 1_700_000_001))
        #expect(early.uuidString.lowercased() < late.uuidString.lowercased())
    }
}
