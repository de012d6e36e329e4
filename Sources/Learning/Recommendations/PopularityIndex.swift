import Foundation

/// Recommendable courses ranked by popularity (enrollments, then rating, then id) overall, per
/// language, per domain and per language and domain: the cold-start lists and the fallback
/// that fills a short recommendation list.
struct PopularityIndex: Sendable {
    /// Catalogue positions, most popular first.
    let global: [Int]
    private let byLanguage: [String: [Int]]
    private let byDomain: [String: [Int]]
    private let byLanguageAndDomain: [LanguageAndDomain: [Int]]
    /// log(1 + enrollments) scaled to 0...1 per position.
    let prior: [Double]

    init(catalogue: CourseCatalogue) {
        let courses = catalogue.courses
        global = courses.indices.filter { courses[$0].isRecommendable }.sorted { lhs, rhs in
            let (a, b) = (courses[lhs], courses[rhs])
            if a.enrollments != b.enrollments { return a.enrollments > b.enrollments }
            if a.averageRating != b.averageRating { return a.averageRating > b.averageRating }
            return lhs < rhs
        }
        // Grouping the global ranking keeps each group in popularity order.
        byLanguage = Dictionary(grouping: global) { catalogue.languageKeys[$0] }
        byDomain = Dictionary(grouping: global) { catalogue.domainKeys[$0] }
        byLanguageAndDomain = Dictionary(grouping: global) {
            LanguageAndDomain(language: catalogue.languageKeys[$0], domain: catalogue.domainKeys[$0])
        }
        let maximum = log1p(Double(courses.map(\.enrollments).max() ?? 0))
        prior = courses.map { maximum > 0 ? log1p(Double(max(0, $0.enrollments))) / maximum : 0 }
    }

    /// Positions most popular first within a language and/or domain key (nil: any).
    func ranked(language: String?, domain: String?) -> [Int] {
        switch (language, domain) {
        case let (language?, domain?): byLanguageAndDomain[LanguageAndDomain(language: language, domain: domain)] ?? []
        case let (language?, nil): byLanguage[language] ?? []
        case let (nil, domain?): byDomain[domain] ?? []
        case (nil, nil): global
        }
    }

    private struct LanguageAndDomain: Hashable, Sendable {
        let language: String
        let domain: String
    }
}
