import Hummingbird
import Ingress
import PostgresClient

/// `GET /courses` query parameters: `page` (≥ 1), `limit` (1–100, default 10), `domain`,
/// `language`, `stack` (comma-separated, all required), `min_price`/`max_price` (minor units),
/// `min_rating` (0–5), `search` (full text, French and English, accents folded) and
/// `sort_by` (`popular`, `newest`, `rating`; relevance first when searching).
struct CatalogueQuery: Sendable {
    enum SortOrder: String, CaseIterable {
        case popular, newest, rating
    }

    static let maximumLimit = 100

    var page = 1
    var limit = 10
    var domain: CourseDomain?
    var language: CourseLanguage?
    var stack: [String] = []
    var minPrice: Int64?
    var maxPrice: Int64?
    var minRating: Double?
    var search: String?
    var sortBy: SortOrder?

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        var issues = FieldIssues()
        page = issues.integer(query.get("page"), "page", in: 1...100_000, fallback: 1)
        limit = issues.integer(query.get("limit"), "limit", in: 1...Self.maximumLimit, fallback: 10)
        domain = issues.choice(query.get("domain"), "domain", as: CourseDomain.self)
        language = issues.choice(query.get("language"), "language", as: CourseLanguage.self)
        if let text = query.get("stack") {
            stack = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            issues.require(!stack.isEmpty && stack.count <= 10, "stack", "must list 1 to 10 comma-separated technologies")
        }
        minPrice = Self.amount(query.get("min_price"), "min_price", &issues)
        maxPrice = Self.amount(query.get("max_price"), "max_price", &issues)
        if let minPrice, let maxPrice { issues.require(minPrice <= maxPrice, "max_price", "must not be below min_price") }
        if let text = query.get("min_rating") {
            let value = Double(text)
            issues.require(value.map { (0...5).contains($0) } ?? false, "min_rating", "must be a number from 0 to 5")
            minRating = value
        }
        if let text = query.get("search") {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            issues.require((1...200).contains(trimmed.count), "search", "must be 1 to 200 characters")
            search = trimmed
        }
        sortBy = issues.choice(query.get("sort_by"), "sort_by", as: SortOrder.self)
        try issues.throwIfAny()
    }

    /// The ORDER BY keys (the store adds the id as the last tie-break).
    var ordering: PostgresQuery {
        switch sortBy {
        case .popular: "c.enrollments_count DESC, c.average_rating DESC"
        case .newest: "c.published_at DESC NULLS LAST, c.created_at DESC"
        case .rating: "c.average_rating DESC, c.reviews_count DESC"
        case nil: search == nil ? "c.published_at DESC NULLS LAST, c.created_at DESC" : "rank DESC, c.enrollments_count DESC"
        }
    }

    private static func amount(_ text: String?, _ field: String, _ issues: inout FieldIssues) -> Int64? {
        guard let text else { return nil }
        let value = Int64(text)
        issues.require(value.map { $0 >= 0 } ?? false, field, "must be a non-negative integer amount in minor units")
        return value
    }
}
