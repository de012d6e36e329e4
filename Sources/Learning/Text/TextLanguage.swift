/// The languages Har Academy lessons are written in. Raw values are the ISO 639-1 codes stored
/// with courses and quizzes.
public enum TextLanguage: String, Sendable, Codable, CaseIterable {
    case french = "fr"
    case english = "en"

    /// Reads a stored language code such as `fr`, `FR` or `fr-CA`; `nil` for other languages.
    public init?(code: String) {
        self.init(rawValue: String(code.lowercased().prefix(2)))
    }
}
