/// One word of a text as the tokenizer saw it: its spelling in the text, its folded form and
/// where it is, so callers can blank it out or quote it.
public struct WordToken: Sendable, Equatable {
    /// The word as written, without an elided article ("algorithme" for "l'algorithme").
    public let surface: String
    /// `surface` folded (see `TextFolding`); what every comparison uses.
    public let folded: String
    /// Where `surface` is in the text that was tokenized.
    public let range: Range<String.Index>
    /// Whether `folded` is a stop word of the tokenizer's language.
    public let isStopWord: Bool

    /// Digits, possibly with a decimal separator: "2016", "3.14", "2,5".
    public var isNumber: Bool {
        folded.unicodeScalars.allSatisfy { $0.properties.numericType != nil || $0 == "." || $0 == "," }
    }

    /// A word worth indexing: not a stop word and at least two characters once folded.
    public var isContentWord: Bool { !isStopWord && folded.count >= 2 }
}
