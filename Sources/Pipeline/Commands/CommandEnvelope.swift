import Foundation
import KafkaClient
import Platform

/// A command as it travels on Kafka: ordering key, envelope headers and JSON payload.
///
/// Built by the publisher or the outbox from a `Command`, and read back by workers from a
/// `KafkaMessage`; headers and payload round-trip byte-exact.
public struct CommandEnvelope: Sendable, Hashable {
    public var id: UUID
    public var type: String
    public var version: Int
    /// 1 for the first delivery; retries increment it.
    public var attempt: Int
    public var issuedAt: Date
    /// Who caused the command (`user:<uuid>`, `system:<component>`); never an email or a name.
    public var actor: String?
    public var traceparent: TraceParent?
    public var key: String
    public var payload: [UInt8]

    public static let jsonContentType = "application/json"

    public init(id: UUID = UUIDv7.make(), type: String, version: Int, attempt: Int = 1, issuedAt: Date = .now,
                actor: String?, traceparent: TraceParent?, key: String, payload: [UInt8]) {
        self.id = id
        self.type = type
        self.version = version
        self.attempt = attempt
        self.issuedAt = issuedAt
        self.actor = actor
        self.traceparent = traceparent
        self.key = key
        self.payload = payload
    }

    /// Wraps a command, encoding its payload as snake_case JSON (a `DocumentCommand` keeps its
    /// document bytes as they are).
    public init<C: Command>(_ command: C, actor: String?, traceparent: TraceParent?, id: UUID = UUIDv7.make()) throws {
        let payload: [UInt8]
        if let document = command as? any DocumentCommand {
            payload = document.document
        } else {
            do {
                payload = try CommandCoding.encoder.encode(command)
            } catch {
                throw PipelineError(code: .encoding, description: "command \(C.commandType.name) could not be encoded")
            }
        }
        self.init(id: id, type: C.commandType.name, version: C.commandType.version, actor: actor,
                  traceparent: traceparent, key: command.orderingKey, payload: payload)
    }

    /// The headers written to Kafka, in a stable order.
    public var headers: [KafkaHeader] {
        var headers = [
            KafkaHeader(key: CommandHeader.type, string: type),
            KafkaHeader(key: CommandHeader.id, string: id.uuidString.lowercased()),
            KafkaHeader(key: CommandHeader.version, string: String(version)),
            KafkaHeader(key: CommandHeader.attempt, string: String(attempt)),
            KafkaHeader(key: CommandHeader.issuedAt, string: CommandCoding.timestamp(issuedAt)),
            KafkaHeader(key: CommandHeader.contentType, string: Self.jsonContentType),
        ]
        if let actor { headers.append(KafkaHeader(key: CommandHeader.actor, string: actor)) }
        if let traceparent { headers.append(KafkaHeader(key: CommandHeader.traceparent, string: traceparent.description)) }
        return headers
    }

    public func message(topic: TopicName) -> KafkaOutgoingMessage {
        KafkaOutgoingMessage(topic: topic.name, key: Array(key.utf8), value: payload, headers: headers)
    }

    /// Reads an envelope back from a consumed message; a message missing a required header or
    /// carrying a malformed one is a permanent error (it will never become valid).
    public init(message: KafkaMessage) throws {
        // Every consumed command goes through here, so: one pass over the headers, and values
        // parsed from their bytes (Foundation's conversions and String copies cost microseconds).
        let fields = EnvelopeHeaders(message.headerList)
        func required(_ value: ArraySlice<UInt8>?, _ name: String) throws -> ArraySlice<UInt8> {
            guard let value else { throw PipelineError(code: .malformedEnvelope, description: "header \(name) is missing") }
            return value
        }
        guard let type = String(validating: try required(fields.type, CommandHeader.type), as: UTF8.self) else {
            throw PipelineError(code: .malformedEnvelope, description: "header \(CommandHeader.type) is not UTF-8")
        }
        guard let id = UUIDText.parse(bytes: try required(fields.id, CommandHeader.id)) else {
            throw PipelineError(code: .malformedEnvelope, description: "header \(CommandHeader.id) is not a UUID")
        }
        guard let version = EnvelopeHeaders.positiveInteger(try required(fields.version, CommandHeader.version)) else {
            throw PipelineError(code: .malformedEnvelope, description: "header \(CommandHeader.version) is not a positive integer")
        }
        guard let attempt = EnvelopeHeaders.positiveInteger(try required(fields.attempt, CommandHeader.attempt)) else {
            throw PipelineError(code: .malformedEnvelope, description: "header \(CommandHeader.attempt) is not a positive integer")
        }
        let issuedAtBytes = try required(fields.issuedAt, CommandHeader.issuedAt)
        guard let issuedAt = RFC3339.fastParse(bytes: issuedAtBytes)
                ?? String(validating: issuedAtBytes, as: UTF8.self).flatMap(CommandCoding.date) else {
            throw PipelineError(code: .malformedEnvelope, description: "header \(CommandHeader.issuedAt) is not an RFC 3339 time")
        }
        guard let keyBytes = message.key, let key = String(validating: keyBytes, as: UTF8.self) else {
            throw PipelineError(code: .malformedEnvelope, description: "message key is missing or not UTF-8")
        }
        self.init(id: id, type: type, version: version, attempt: attempt, issuedAt: issuedAt,
                  actor: fields.actor.flatMap { String(validating: $0, as: UTF8.self) },
                  traceparent: fields.traceparent.flatMap(TraceParent.init(bytes:)),
                  key: key, payload: message.value)
    }

    /// Decodes the payload as `C`, checking the type header first.
    public func decode<C: Command>(_ type: C.Type) throws -> C {
        try decode(type, isDocument: C.self is any DocumentCommand.Type)
    }

    /// - Parameter isDocument: whether `C` is a ``DocumentCommand``; the runtime works it out
    ///   once per handler rather than with a dynamic cast per message.
    func decode<C: Command>(_ type: C.Type, isDocument: Bool) throws -> C {
        guard self.type == C.commandType.name else {
            throw PipelineError(code: .malformedEnvelope, description: "expected \(C.commandType.name), got \(self.type)")
        }
        do {
            if isDocument, let documentType = C.self as? any DocumentCommand.Type,
               let command = try documentType.init(document: payload) as? C {
                return command
            }
            return try CommandCoding.decoder.decode(C.self, from: payload)
        } catch {
            throw PipelineError(code: .malformedEnvelope, description: "payload of \(self.type) does not match its schema")
        }
    }
}
