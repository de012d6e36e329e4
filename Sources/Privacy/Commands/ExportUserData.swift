import Foundation
import Pipeline

/// "Gather this user's data": the `erasure` worker builds the export document from every
/// registered store, stores it on the export row and emails the download link.
public struct ExportUserData: Command, Equatable {
    public static let commandType = CommandType("ExportUserData", topic: "privacy.requests")

    public var exportID: UUID
    public var userID: UUID

    public init(exportID: UUID, userID: UUID) {
        self.exportID = exportID
        self.userID = userID
    }

    public var orderingKey: String { userID.uuidString.lowercased() }
}
