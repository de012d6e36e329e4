import Foundation

/// The main evidence behind a recommendation, shown to the learner.
public enum RecommendationReason: Sendable, Equatable, Hashable, Codable {
    /// Learners who took this course (one of the learner's) often took the recommended one.
    case learnersAlsoTook(UUID)
    /// The recommended course covers topics close to this course of the learner's.
    case similarContent(to: UUID)
    /// The recommended course is in a domain the learner follows.
    case inYourDomain(String)
    /// Among the most followed courses, in this language and domain when given.
    case popular(language: String?, domain: String?)

    /// An English sentence for the learner; `titles` supplies course titles by id.
    public func text(titles: [UUID: String]) -> String {
        switch self {
        case .learnersAlsoTook(let course):
            "Learners who took \(Self.quoted(course, titles)) also took this course."
        case .similarContent(let course):
            "Covers topics similar to \(Self.quoted(course, titles))."
        case .inYourDomain(let domain):
            "Popular in \(domain), a domain you are learning."
        case .popular(let language?, let domain?):
            "Popular in \(domain) among learners in \(Self.languageName(language))."
        case .popular(let language?, nil):
            "Popular among learners in \(Self.languageName(language))."
        case .popular(nil, let domain?):
            "Popular in \(domain)."
        case .popular(nil, nil):
            "Popular with learners on Har Academy."
        }
    }

    private static func quoted(_ course: UUID, _ titles: [UUID: String]) -> String {
        titles[course].map { "“\($0)”" } ?? "a course you took"
    }

    private static func languageName(_ code: String) -> String {
        switch code.lowercased().prefix(2) {
        case "fr": "French"
        case "en": "English"
        case "es": "Spanish"
        case "de": "German"
        case "ar": "Arabic"
        default: code.uppercased()
        }
    }
}
