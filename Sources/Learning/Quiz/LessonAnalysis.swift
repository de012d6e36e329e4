/// A lesson cut into sentences and words once, shared by key-term extraction and quiz
/// generation so that a long lesson is tokenized a single time.
struct LessonAnalysis: Sendable {
    let language: TextLanguage
    let sentences: [AnalyzedSentence]

    init(text: String, language: TextLanguage? = nil) {
        let language = language ?? LanguageDetector.detect(text)
        let tokenizer = Tokenizer(language: language)
        self.language = language
        self.sentences = SentenceSegmenter.sentences(in: text).map { AnalyzedSentence(text: $0, tokenizer: tokenizer) }
    }
}

/// One sentence with its words and its runs of adjacent content words, the places where key
/// terms can occur.
struct AnalyzedSentence: Sendable {
    let text: String
    let words: [WordToken]
    /// Word-index ranges of content words separated only by spaces; a term never spans
    /// punctuation or a stop word.
    let runs: [Range<Int>]

    init(text: String, tokenizer: Tokenizer) {
        self.text = text
        self.words = tokenizer.words(in: text)
        self.runs = Self.contentRuns(of: words, in: text)
    }

    /// The n-grams (1 to 3 words) of every content run, as word-index ranges.
    var termRanges: [Range<Int>] {
        runs.flatMap { run in
            (1...3).flatMap { length in
                stride(from: run.lowerBound, through: run.upperBound - length, by: 1).map { $0..<($0 + length) }
            }
        }
    }

    /// The folded key of the words in `range`, as `KeyTerm.folded` spells it.
    func key(of range: Range<Int>) -> String {
        words[range].map(\.folded).joined(separator: " ")
    }

    /// The sentence text spanned by the words in `range`.
    func textRange(of range: Range<Int>) -> Range<String.Index> {
        words[range.lowerBound].range.lowerBound..<words[range.upperBound - 1].range.upperBound
    }

    /// Whether the words in `range` are glued to a neighbour by a joining character, as in
    /// "Ctrl+T", "key-value", "A2:A500", "install.packages" or ".xlsm": part of a larger token
    /// that cannot be blanked out or counted on its own.
    func isGlued(_ range: Range<Int>) -> Bool {
        let span = textRange(of: range)
        if span.lowerBound > text.startIndex, Self.joiners.contains(text[text.index(before: span.lowerBound)]) {
            return true
        }
        guard span.upperBound < text.endIndex else { return false }
        let after = text[span.upperBound]
        if Self.joiners.contains(after), after != "." { return true }
        let next = text.index(after: span.upperBound)
        return after == "." && next < text.endIndex && (text[next].isLetter || text[next].isNumber)
    }

    private static let joiners: Set<Character> = ["-", "+", "/", ":", "@", "#", ".", "_", "\\", "="]

    static func contentRuns(of words: [WordToken], in text: String) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var runStart: Int?
        for (index, word) in words.enumerated() {
            let joinsPrevious = runStart != nil && text[words[index - 1].range.upperBound..<word.range.lowerBound]
                .allSatisfy { $0 == " " || $0 == "\u{A0}" || $0 == "\t" }
            if word.isContentWord, joinsPrevious {
                continue
            }
            if let start = runStart { runs.append(start..<index) }
            runStart = word.isContentWord ? index : nil
        }
        if let start = runStart { runs.append(start..<words.count) }
        return runs
    }
}
