import Foundation
import Hummingbird

/// The export document as a JSON file download (not wrapped in the success envelope: it is the
/// user's file, meant to be saved as is).
struct ExportDocumentResponse: ResponseGenerator {
    let exportID: UUID
    let json: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"relais-export-\(exportID.uuidString.lowercased()).json\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
