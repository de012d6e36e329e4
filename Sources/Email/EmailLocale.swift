import Foundation

/// The languages every email template exists in.
public enum EmailLocale: String, CaseIterable, Codable, Sendable {
    /// French, the default language of the products.
    case fr
    /// English.
    case en

    /// The locale used when a recipient has no known preference.
    public static let `default`: EmailLocale = .fr

    /// Picks the locale from a BCP 47 language tag such as `"en-GB"`, `"fr_FR"` or `"EN"`.
    ///
    /// Only the primary language subtag counts, case-insensitively, so every regional
    /// variant maps to the one template set of its language.
    /// - Parameter languageTag: A language tag as stored on a user profile or sent by a browser.
    /// - Returns: `nil` for a language no template exists in; callers fall back to ``default``.
    public init?(languageTag: String) {
        let primarySubtag = languageTag
            .split(whereSeparator: { $0 == "-" || $0 == "_" })
            .first?
            .trimmingCharacters(in: .whitespaces)
            .lowercased()
        guard let primarySubtag, let locale = EmailLocale(rawValue: primarySubtag) else { return nil }
        self = locale
    }
}
