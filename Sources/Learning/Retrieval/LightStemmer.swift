/// Reduces plural forms so that a question matches a lesson whatever the number: "tableaux" and
/// "tableau", "dictionaries" and "dictionary", "macros" and "macro". Deliberately light: a
/// stem is still a recognisable word, and a wrong merge costs only a little precision.
enum LightStemmer {
    /// The stem of a folded token.
    static func stem(_ token: String, language: TextLanguage) -> String {
        guard token.count > 3, token.last?.isLetter == true else { return token }
        switch language {
        case .french:
            if token.hasSuffix("aux") || token.hasSuffix("eux") { return String(token.dropLast()) }
            if token.hasSuffix("s"), !token.hasSuffix("ss") { return String(token.dropLast()) }
        case .english:
            if token.hasSuffix("ies"), token.count > 4 { return String(token.dropLast(3)) + "y" }
            for ending in ["sses", "xes", "ches", "shes"] where token.hasSuffix(ending) {
                return String(token.dropLast(2))
            }
            if token.hasSuffix("s"), !token.hasSuffix("ss"), !token.hasSuffix("us"), !token.hasSuffix("is") {
                return String(token.dropLast())
            }
        }
        return token
    }
}
