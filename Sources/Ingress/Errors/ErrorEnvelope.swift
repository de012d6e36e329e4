/// The JSON body of every error response (DESIGN.md "HTTP conventions"):
/// `{"success": false, "error": {"code", "message", "details"}, "request_id"}`.
struct ErrorEnvelope: Encodable {
    struct Body: Encodable {
        let code: String
        let message: String
        let details: [APIError.FieldIssue]
    }

    let success = false
    let error: Body
    let requestId: String

    init(_ error: APIError, requestID: String) {
        self.error = Body(code: error.code, message: error.message, details: error.details)
        self.requestId = requestID
    }
}
