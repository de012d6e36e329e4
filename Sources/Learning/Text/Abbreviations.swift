/// Abbreviations whose final period never ends a sentence in French or English lesson text.
/// Ambiguous ones ("etc.", "inc.") are left out on purpose: the segmenter ends a sentence after
/// them only when a capital letter follows, which is how a reader tells them apart.
enum Abbreviations {
    /// Compared lower-cased, without the final period.
    static let anyCase: Set<String> = [
        // Titles
        "dr", "mr", "mrs", "ms", "mme", "mmes", "mlle", "mlles", "prof", "pr", "st", "ste", "jr", "sr",
        // Latin and reference abbreviations
        "e.g", "i.e", "cf", "vs", "viz", "al", "ibid", "p", "pp", "ex", "fig", "chap", "vol", "éd",
        "ed", "eds", "réf", "ref", "art", "env", "approx", "ca", "nb", "n.b", "j.-c", "av", "apr",
        "tél", "tel", "resp", "cie",
    ]

    /// Compared as written: "M." is "Monsieur" but "m." ends a sentence about metres.
    static let exactCase: Set<String> = ["M", "MM"]

    static func contains(_ word: String) -> Bool {
        exactCase.contains(word) || anyCase.contains(word.lowercased())
    }
}
