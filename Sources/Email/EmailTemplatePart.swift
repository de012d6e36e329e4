/// One of the three files every template consists of, per locale.
public enum EmailTemplatePart: String, CaseIterable, Codable, Sendable {
    /// The `Subject` header: one line, variables not escaped, newlines in variables removed.
    case subject
    /// The `text/plain` body: variables inserted verbatim.
    case text
    /// The `text/html` body: variables HTML-escaped.
    case html

    /// The file holding this part for `locale`, inside the template's folder.
    func fileName(for locale: EmailLocale) -> String {
        "\(locale.rawValue).\(rawValue).mustache"
    }
}
