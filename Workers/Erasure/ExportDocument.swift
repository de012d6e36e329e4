import Foundation
import PersonalData
import Platform

/// The export file: every store's parts under the store's name, plus what the file is.
enum ExportDocument {
    static let format = "relais-export/1"

    /// - Throws: when a store produced a part that is not JSON (a programming error).
    static func build(userID: UUID, stores: [(name: String, parts: [ExportPart])], generatedAt: Date = Date()) throws -> String {
        var modules: [String: Any] = [:]
        for store in stores {
            var section: [String: Any] = [:]
            for part in store.parts {
                section[part.name] = try JSONSerialization.jsonObject(with: Data(part.json.utf8), options: [.fragmentsAllowed])
            }
            modules[store.name] = section
        }
        let document: [String: Any] = [
            "format": format, "user_id": userID.uuidString.lowercased(), "generated_at": RFC3339.format(generatedAt), "data": modules,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
