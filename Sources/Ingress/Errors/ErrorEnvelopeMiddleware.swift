import Foundation
import Hummingbird
import Logging
import NIOCore
import Pipeline
import PostgresClient
import RedisClient

/// Turns every error into the JSON error envelope, in one place: route errors (`APIError`),
/// framework errors (unknown route, body over the limit), dependency failures (503 naming the
/// dependency) and anything unexpected (500, logged at error level without request data).
public struct ErrorEnvelopeMiddleware: RouterMiddleware {
    public typealias Context = RelaisRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error, context: context)
            return Self.response(apiError, requestID: context.requestID)
        }
    }

    static func apiError(for error: any Error, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return .bodyTooLarge
        case let error as PipelineError where error.code == .brokerUnavailable:
            return .unavailable("the message broker")
        case let error as PostgresError where error.isRetryable:
            return .unavailable("the database")
        case let error as RedisError where error.isRetryable:
            return .unavailable("the cache")
        case let error as HTTPError:
            return APIError(status: error.status, code: code(for: error.status),
                            message: error.body ?? error.status.reasonPhrase.lowercased(), headers: error.headers)
        case let error as any HTTPResponseError:
            return APIError(status: error.status, code: code(for: error.status), message: error.status.reasonPhrase.lowercased())
        default:
            // Type name only: an unknown error's text may contain SQL, values or personal data.
            context.logger.error("unhandled error", metadata: ["error_type": "\(type(of: error))", "request_id": "\(context.requestID)"])
            return APIError(status: .internalServerError, code: "internal_error", message: "something went wrong on our side")
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: return "bad_request"
        case .unauthorized: return "unauthenticated"
        case .forbidden: return "forbidden"
        case .notFound: return "not_found"
        case .methodNotAllowed: return "method_not_allowed"
        case .conflict: return "conflict"
        case .contentTooLarge: return "body_too_large"
        case .unsupportedMediaType: return "unsupported_media_type"
        case .unprocessableContent: return "unprocessable"
        case .tooManyRequests: return "rate_limited"
        case .serviceUnavailable: return "dependency_unavailable"
        default: return status.code >= 500 ? "internal_error" : "request_error"
        }
    }

    static func response(_ error: APIError, requestID: String) -> Response {
        let body = (try? RelaisJSONEncoder.bodyEncoder.encode(ErrorEnvelope(error, requestID: requestID))) ?? []
        var headers = error.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
