import Foundation
import Ingress

/// Collects every problem of a request body so one 400 names all the wrong fields at once.
struct FieldIssues {
    private(set) var issues: [APIError.FieldIssue] = []

    mutating func require(_ condition: Bool, _ field: String, _ issue: @autoclosure () -> String) {
        if !condition { issues.append(.init(field: field, issue: issue())) }
    }

    /// A text of `range` characters once trimmed; returns the trimmed text.
    mutating func text(_ value: String?, _ field: String, _ range: ClosedRange<Int>) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        require(range.contains(trimmed.count), field, "must be \(range.lowerBound) to \(range.upperBound) characters")
        return trimmed
    }

    /// One of `T`'s raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ value: String?, _ field: String, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let value else { return nil }
        guard let parsed = T(rawValue: value) else {
            issues.append(.init(field: field, issue: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return parsed
    }

    /// A list of at most `maxCount` short labels (stack, keywords), trimmed and de-duplicated.
    mutating func labels(_ values: [String]?, _ field: String, maxCount: Int, maxLength: Int = 60) -> [String]? {
        guard let values else { return nil }
        require(values.count <= maxCount, field, "must have at most \(maxCount) entries")
        var seen = Set<String>()
        var labels: [String] = []
        for value in values {
            let label = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...maxLength).contains(label.count) else {
                issues.append(.init(field: field, issue: "entries must be 1 to \(maxLength) characters"))
                return nil
            }
            if seen.insert(label.lowercased()).inserted { labels.append(label) }
        }
        return labels
    }

    /// An absolute http(s) URL.
    mutating func url(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        let valid = value.count <= 2048 && URL(string: value).map { ["http", "https"].contains($0.scheme?.lowercased() ?? "") && $0.host != nil } == true
        require(valid, field, "must be an http(s) URL of at most 2048 characters")
        return value
    }

    /// An optional integer query parameter within `range`; `fallback` when absent.
    mutating func integer(_ text: String?, _ field: String, in range: ClosedRange<Int>, fallback: Int) -> Int {
        guard let text else { return fallback }
        let value = Int(text)
        require(value.map(range.contains) ?? false, field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        return value ?? fallback
    }

    func throwIfAny() throws {
        if !issues.isEmpty { throw APIError.validation(issues) }
    }
}
