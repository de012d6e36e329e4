/// A key term found in a sentence: which words it covers and where it is in the text.
struct TermOccurrence: Sendable {
    let term: KeyTerm
    let words: Range<Int>
    let textRange: Range<String.Index>
}

extension AnalyzedSentence {
    /// The key terms that can be blanked out or swapped in this sentence, best score first:
    /// those occurring exactly once (blanking one of two would leave the answer in plain
    /// sight), not glued to a neighbour ("key-value"), and not inside a longer key term of the
    /// sentence (replacing "tableau" in "tableau croisé dynamique" breaks the phrase).
    func singleOccurrences(of terms: [String: KeyTerm]) -> [TermOccurrence] {
        var found: [String: [Range<Int>]] = [:]
        for range in termRanges {
            let key = key(of: range)
            if terms[key] != nil { found[key, default: []].append(range) }
        }
        let allRanges = found.values.flatMap(\.self)
        return found.compactMap { key, ranges -> TermOccurrence? in
            guard ranges.count == 1, let range = ranges.first, !isGlued(range), let term = terms[key],
                  !allRanges.contains(where: { $0.count > range.count && $0.contains(range) }) else { return nil }
            return TermOccurrence(term: term, words: range, textRange: textRange(of: range))
        }
        .sorted { $0.term.score != $1.term.score ? $0.term.score > $1.term.score : $0.term.folded < $1.term.folded }
    }

    /// Whether `range` of this sentence's text starts the sentence, where a replacement needs
    /// a capital.
    func startsSentence(_ range: Range<String.Index>) -> Bool {
        range.lowerBound == text.startIndex
    }
}

extension Range where Bound == Int {
    /// Whether `other` lies within this range.
    func contains(_ other: Range<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}
