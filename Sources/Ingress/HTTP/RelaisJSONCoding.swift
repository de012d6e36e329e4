import Foundation
import Hummingbird
import Platform

/// JSON bodies are snake_case with RFC 3339 dates (DESIGN.md "HTTP conventions").
public struct RelaisJSONEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let bytes = try Self.bodyEncoder.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The encoder of every JSON body, also used for WebSocket frames so both read alike. It
    /// writes the bytes Foundation's `JSONEncoder` would with these conventions (sorted keys,
    /// unescaped slashes), without Foundation's cost per key (see `PayloadJSONEncoder`).
    public static let bodyEncoder = PayloadJSONEncoder.rfc3339
}

/// Decodes request bodies through `JSONBody`, which turns every failure into an error envelope.
public struct RelaisJSONDecoder: RequestDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try await JSONBody.decode(type, from: request, limit: context.maxUploadSize)
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = SnakeCaseKeys.decoding
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = RFC3339.parse(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an RFC 3339 date-time")
            }
            return date
        }
        return decoder
    }
}
