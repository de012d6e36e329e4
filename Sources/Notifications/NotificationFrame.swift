import Foundation
import Ingress

/// The live frame of a new notification: `{"type":"notification:new","id":…,"data":{…}}`.
public enum NotificationFrame {
    private struct Frame: Encodable {
        let type = "notification:new"
        let id: UUID
        let data: UserNotification
    }

    /// The frame's JSON bytes. - Throws: `EncodingError` (not expected for these values).
    public static func encode(_ notification: UserNotification) throws -> [UInt8] {
        try RelaisJSONEncoder.bodyEncoder.encode(Frame(id: notification.id, data: notification))
    }
}
