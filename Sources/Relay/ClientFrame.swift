import Foundation

/// A frame a client may send, decoded from its JSON text.
enum ClientFrame: Sendable, Equatable {
    case auth(token: String, lastID: String?)
    case join(room: String)
    case leave(room: String)
    case typing(room: String)
    case read(room: String, messageID: String)

    /// Why a frame was refused; the message goes back to the client in an `error` frame.
    struct Malformed: Error, Equatable {
        let message: String
    }

    /// Rooms and message ids are short names; refusing long ones bounds what we republish.
    static let maximumFieldBytes = 200

    /// Decodes one text frame.
    /// - Throws: `Malformed` for invalid JSON, an unknown `type` or a missing/invalid field.
    static func parse(_ text: [UInt8]) throws(Malformed) -> ClientFrame {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text))) as? [String: Any] else {
            throw Malformed(message: "frames must be JSON objects")
        }
        guard let type = object["type"] as? String else { throw Malformed(message: "missing type") }
        func field(_ name: String) throws(Malformed) -> String {
            guard let value = object[name] as? String, !value.isEmpty, value.utf8.count <= maximumFieldBytes else {
                throw Malformed(message: "\(type) needs a string \(name)")
            }
            return value
        }
        switch type {
        case "auth":
            guard let token = object["token"] as? String, !token.isEmpty else { throw Malformed(message: "auth needs a token") }
            if let lastID = object["last_id"], !(lastID is String) { throw Malformed(message: "last_id must be a string") }
            return .auth(token: token, lastID: object["last_id"] as? String)
        case "join": return .join(room: try field("room"))
        case "leave": return .leave(room: try field("room"))
        case "chat:typing": return .typing(room: try field("room"))
        case "chat:read": return .read(room: try field("room"), messageID: try field("message_id"))
        default: throw Malformed(message: "unknown frame type")
        }
    }
}
