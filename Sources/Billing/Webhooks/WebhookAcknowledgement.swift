import Foundation
import Hummingbird

/// The intake's 200 body, `{"success":true,"data":{"received":true,"event_id":…,"command_id":…}}`,
/// written directly: it is the same three fields on every delivery, and Foundation's encoder
/// cost as much as verifying the signature.
struct WebhookAcknowledgement: ResponseGenerator, Sendable {
    let eventID: String
    let commandID: UUID

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body = #"{"success":true,"data":{"received":true,"event_id":"#
        Self.appendJSONString(eventID, to: &body)
        body += #","command_id":""# + commandID.uuidString.lowercased() + #""}}"#
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `text` as a JSON string literal (quotes, backslashes and control characters escaped).
    static func appendJSONString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
