import Foundation
import Hummingbird
import Ingress

/// The optional body of `POST /deletion-request`: `{reason?}`. No body at all is fine.
struct DeletionReason: Decodable {
    var reason: String?

    static func read(_ request: Request, limit: Int) async throws -> String? {
        guard request.headers[.contentType] != nil else { return nil }
        let body = try await JSONBody.decode(DeletionReason.self, from: request, limit: limit)
        guard let reason = body.reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else { return nil }
        guard reason.count <= PrivacyRoutes.maximumReasonLength else {
            throw APIError.validation([.init(field: "reason", issue: "must be at most \(PrivacyRoutes.maximumReasonLength) characters")])
        }
        return reason
    }
}
