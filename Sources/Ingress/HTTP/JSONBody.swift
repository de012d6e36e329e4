import Foundation
import Hummingbird
import Platform

/// Reads a JSON request body into a Decodable value, turning every failure into the matching
/// error envelope: 415 for another media type, 413 past the size limit, 400 `malformed_json` for
/// broken syntax, 400 `validation_failed` naming the field for a missing or mistyped value.
public enum JSONBody {
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        guard isJSON(request.headers[.contentType]) else {
            throw APIError.unsupportedMediaType(expected: "application/json")
        }
        let buffer = try await request.body.collect(upTo: limit)
        return try decode(type, from: Data(buffer: buffer))
    }

    /// The pure part, separated so field-error wording is unit-tested without HTTP.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        guard !data.isEmpty else { throw APIError.malformedJSON("the body is empty") }
        do {
            return try RelaisJSONDecoder.makeDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw apiError(for: error)
        }
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    static func apiError(for error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([.init(field: fieldPath(context.codingPath + [key]), issue: "is required")])
        case .valueNotFound(let expected, let context):
            return .validation([.init(field: fieldPath(context.codingPath), issue: "must be \(describe(expected)), not null")])
        case .typeMismatch(let expected, let context):
            return .validation([.init(field: fieldPath(context.codingPath), issue: "must be \(describe(expected))")])
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformedJSON("syntax error")
        case .dataCorrupted(let context):
            return .validation([.init(field: fieldPath(context.codingPath), issue: context.debugDescription)])
        @unknown default:
            return .malformedJSON("unreadable body")
        }
    }

    /// `items[2].unitPrice` → `items[2].unit_price`, in the body's own snake_case.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += (result.isEmpty ? "" : ".") + SnakeCaseKeys.snakeCase(key.stringValue)
            }
        }
        return result.isEmpty ? "body" : result
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type, is Decimal.Type: return "a number"
        case is Date.Type: return "an RFC 3339 date-time"
        case is UUID.Type: return "a UUID"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a valid value"
        }
    }
}
