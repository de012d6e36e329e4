import HTTPTypes
import Hummingbird
import Pipeline

/// Gives every request an id (the caller's `X-Request-ID` when it is a short token, otherwise a
/// new UUIDv7), echoes it in the response and stores it, with the body limit, in the context.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = RelaisRequestContext
    static let header = HTTPField.Name("X-Request-ID")!
    private let maxBodyBytes: Int

    public init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.accepted(request.headers[Self.header]) ?? UUIDv7.make().uuidString.lowercased()
        context.maxBodyBytes = maxBodyBytes
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestID
        return response
    }

    /// A caller's id is reused only if it cannot smuggle anything into logs or headers.
    static func accepted(_ value: String?) -> String? {
        guard let value, (8...64).contains(value.count),
              value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) })
        else { return nil }
        return value
    }
}
