import Hummingbird

/// The body of every success response: `{"success": true, "data": ...}`, with the status chosen
/// by the route (200 by default, 201 created, 202 accepted for commands).
public struct SuccessEnvelope<Payload: Encodable & Sendable>: ResponseGenerator, Sendable {
    public let data: Payload
    public let status: HTTPResponse.Status

    public init(_ data: Payload, status: HTTPResponse.Status = .ok) {
        self.data = data
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(Body(data: data), from: request, context: context)
        response.status = status
        return response
    }

    private struct Body: Encodable {
        let success = true
        let data: Payload
    }
}
