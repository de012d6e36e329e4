import Foundation
import Hummingbird
import Logging

/// The per-request context of every Relais route: Hummingbird's core storage plus the request id
/// carried into error envelopes and logs, and the body limit from configuration.
public struct RelaisRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `RequestIDMiddleware` before anything else runs.
    public var requestID: String = ""
    /// Set by `RequestIDMiddleware` from `HTTP_MAX_BODY_BYTES`; Hummingbird enforces it while
    /// collecting a body, which `ErrorEnvelopeMiddleware` turns into 413.
    public var maxBodyBytes: Int = 1_048_576
    /// The peer's IP address (per-IP rate limits, audit); nil when unknown (in-process tests).
    /// Behind a proxy this is the proxy: run the ingress where it sees clients, or limit at the edge.
    public let clientIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientIP = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { maxBodyBytes }

    public var requestDecoder: RelaisJSONDecoder { RelaisJSONDecoder() }
    public var responseEncoder: RelaisJSONEncoder { RelaisJSONEncoder() }

    /// The UUID in path parameter `name`; a missing or malformed one is a 404 naming `what`,
    /// exactly like an id that names nothing.
    public func uuidParameter(_ name: String = "id", notFound what: String) throws -> UUID {
        guard let id = parameters.get(name).flatMap(UUID.init(uuidString:)) else { throw APIError.notFound(what) }
        return id
    }
}
