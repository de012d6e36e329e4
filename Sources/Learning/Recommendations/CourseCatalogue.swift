import Foundation

/// Course profiles sorted by id (byte order), so that a course's position is a stable tie-break
/// and per-course data can live in arrays.
struct CourseCatalogue: Sendable {
    let courses: [CourseProfile]
    let positions: [UUID: Int]
    /// Folded domain and lower-cased language per position, compared on every request.
    let domainKeys: [String]
    let languageKeys: [String]

    /// Keeps the first profile of any duplicated id.
    init(_ profiles: [CourseProfile]) {
        var seen: Set<UUID> = []
        let unique = profiles.filter { seen.insert($0.id).inserted }
        let keyed = unique.map { (key: $0.id.byteOrderKey, profile: $0) }.sorted { $0.key < $1.key }
        courses = keyed.map(\.profile)
        positions = Dictionary(uniqueKeysWithValues: courses.enumerated().map { ($0.element.id, $0.offset) })
        domainKeys = courses.map { Self.domainKey($0.domain) }
        languageKeys = courses.map { Self.languageKey($0.language) }
    }

    var count: Int { courses.count }

    static func domainKey(_ domain: String) -> String {
        TextFolding.fold(domain).trimmed(where: \.isWhitespace)
    }

    static func languageKey(_ language: String) -> String {
        language.lowercased().trimmed(where: \.isWhitespace)
    }
}
