/// What key-term extraction learns about one candidate n-gram while reading a lesson: how often
/// it occurs, how it is spelled and capitalised.
struct KeyTermCandidate {
    let folded: String
    let wordCount: Int
    var occurrences = 0
    /// Spellings seen after the first word of a sentence, where capitals mean something.
    var midSentenceSpellings: [String: Int] = [:]
    var sentenceInitialSpelling: String?
    var capitalizedMidSentence = 0
    var lowercaseMidSentence = 0
    /// Occurrences, sentence-initial ones included, with every word capitalised.
    var fullyCapitalized = 0
    /// Seen at least once as an acronym ("VBA") or with inner capitals ("RStudio").
    var hasNameShape = false
    var isNumber = false

    init(folded: String, wordCount: Int) {
        self.folded = folded
        self.wordCount = wordCount
    }

    /// Records one occurrence, spelled `surface` and made of `words`.
    mutating func record(surface: String, words: ArraySlice<WordToken>, isSentenceInitial: Bool) {
        occurrences += 1
        isNumber = words.count == 1 && words.first?.isNumber == true
        if words.contains(where: { Self.hasNameShape($0.surface) }) { hasNameShape = true }
        let capitalized = words.allSatisfy { $0.surface.first?.isUppercase == true }
        if capitalized { fullyCapitalized += 1 }
        if isSentenceInitial {
            if sentenceInitialSpelling == nil { sentenceInitialSpelling = surface }
            return
        }
        midSentenceSpellings[surface, default: 0] += 1
        if capitalized {
            capitalizedMidSentence += 1
        } else {
            lowercaseMidSentence += 1
        }
    }

    /// A name: an acronym or inner capital somewhere, or capitalised every time it is seen
    /// mid-sentence.
    var looksLikeName: Bool {
        !isNumber && (hasNameShape || (capitalizedMidSentence > 0 && lowercaseMidSentence == 0))
    }

    /// The most frequent mid-sentence spelling (first seen on ties); a term seen only at the
    /// start of sentences loses the capital the position gave it, unless it is a name.
    func surface(isName: Bool) -> String {
        if let best = midSentenceSpellings.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
            return best.key
        }
        let spelling = sentenceInitialSpelling ?? folded
        guard !isName, let first = spelling.first else { return spelling }
        return first.lowercased() + spelling.dropFirst()
    }

    /// "VBA", "SQL" (two or more letters, all capitals) or "RStudio", "ggplot2"-style inner
    /// capitals ("PivotTable", "iPhone").
    static func hasNameShape(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        guard letters.count >= 2 else { return false }
        if letters.allSatisfy(\.isUppercase) { return true }
        return letters.dropFirst().contains(where: \.isUppercase) && letters.contains(where: \.isLowercase)
    }
}
