import Foundation

/// Finds the terms that characterise a lesson within its course: single words, two- and
/// three-word phrases of adjacent content words, numbers and names, scored by TF-IDF against
/// the course's other lessons so that what every lesson says ("Excel", "cellule") ranks below
/// what this one teaches ("segment", "champ calculé").
///
/// Without a part-of-speech tagger, "noun-ish" is approximated: phrases never cross
/// punctuation or stop words, generic words (`GenericWords`) may not start or end one, a
/// phrase must occur twice, and a phrase mixing a name with common words ("fonction
/// RECHERCHEV") is left to its name.
public enum KeyTermExtractor {
    /// The lesson's key terms, best first (ties by folded spelling).
    /// - Parameters:
    ///   - lessonText: plain text of the lesson (see `PlainText.fromHTML(_:)`).
    ///   - otherLessons: plain texts of the course's other lessons; may be empty.
    ///   - language: the lesson's language; detected when `nil`.
    ///   - limit: maximum number of terms returned.
    public static func extract(lessonText: String, otherLessons: [String], language: TextLanguage? = nil, limit: Int = 50) -> [KeyTerm] {
        extract(from: LessonAnalysis(text: lessonText, language: language), otherLessons: otherLessons, limit: limit)
    }

    static func extract(from lesson: LessonAnalysis, otherLessons: [String], limit: Int) -> [KeyTerm] {
        let tallied = tally(lesson)
        let names = Set(tallied.values.filter { $0.wordCount == 1 && $0.looksLikeName }.map(\.folded))
        let candidates = retained(tallied).compactMap { key, candidate in kind(of: candidate, names: names).map { (key, candidate, $0) } }
        let documentFrequencies = documentFrequencies(of: Set(candidates.map(\.0)), in: otherLessons, language: lesson.language)
        let documentCount = Double(otherLessons.count + 1)
        let terms = candidates.map { key, candidate, kind -> KeyTerm in
            // The lesson itself is one of the documents containing the term.
            let frequency = Double(1 + (documentFrequencies[key] ?? 0))
            let idf = log((1 + documentCount) / (1 + frequency)) + 1
            // Sub-linear tf: a word repeated forty times is not forty times as telling.
            let tf = 1 + log(Double(candidate.occurrences))
            let lengthBonus = 1 + 0.15 * Double(candidate.wordCount - 1)
            return KeyTerm(
                surface: candidate.surface(isName: kind == .properNoun), folded: key, kind: kind,
                score: tf * idf * lengthBonus, occurrences: candidate.occurrences)
        }
        let ranked = terms.sorted { $0.score != $1.score ? $0.score > $1.score : $0.folded < $1.folded }
        return Array(ranked.prefix(max(0, limit)))
    }

    /// Every n-gram of the lesson's content runs that could be a term, with its statistics.
    private static func tally(_ lesson: LessonAnalysis) -> [String: KeyTermCandidate] {
        let generic = GenericWords.set(for: lesson.language)
        var candidates: [String: KeyTermCandidate] = [:]
        for sentence in lesson.sentences {
            for range in sentence.termRanges where !sentence.isGlued(range) {
                let words = sentence.words[range]
                guard isPlausible(words, generic: generic) else { continue }
                let key = sentence.key(of: range)
                let surface = String(sentence.text[sentence.textRange(of: range)])
                candidates[key, default: KeyTermCandidate(folded: key, wordCount: range.count)]
                    .record(surface: surface, words: words, isSentenceInitial: range.lowerBound == 0)
            }
        }
        return candidates
    }

    /// Words of three letters or more, acronyms of two, numbers of two digits or more, but no
    /// generic word and no cell reference or key name ("A500", "F11"); phrases without numbers
    /// ("Excel 2016" is a version, not a concept) and without a generic word at either end.
    private static func isPlausible(_ words: ArraySlice<WordToken>, generic: Set<String>) -> Bool {
        guard let first = words.first, let last = words.last else { return false }
        if words.count > 1 {
            return !words.contains(where: \.isNumber) && !generic.contains(first.folded) && !generic.contains(last.folded)
        }
        if first.isNumber { return first.folded.filter(\.isNumber).count >= 2 }
        let letters = first.folded.filter(\.isLetter).count
        if letters <= 1 || generic.contains(first.folded) { return false }
        return first.folded.count >= 3 || KeyTermCandidate.hasNameShape(first.surface)
    }

    /// Drops phrases seen once (chance neighbours) and any term that only ever occurs inside a
    /// longer retained one ("croisé dynamique" inside "tableau croisé dynamique").
    private static func retained(_ candidates: [String: KeyTermCandidate]) -> [String: KeyTermCandidate] {
        let kept = candidates.filter { $0.value.wordCount == 1 || $0.value.occurrences >= 2 }
        var longestContaining: [String: Int] = [:]
        for candidate in kept.values where candidate.wordCount > 1 {
            let words = candidate.folded.split(separator: " ")
            for length in 1..<words.count {
                for start in 0...(words.count - length) {
                    let inner = words[start..<start + length].joined(separator: " ")
                    longestContaining[inner] = max(longestContaining[inner] ?? 0, candidate.occurrences)
                }
            }
        }
        return kept.filter { key, candidate in (longestContaining[key] ?? 0) < candidate.occurrences }
    }

    /// In how many of `otherLessons` each candidate key occurs.
    private static func documentFrequencies(of keys: Set<String>, in otherLessons: [String], language: TextLanguage) -> [String: Int] {
        let tokenizer = Tokenizer(language: language)
        var frequencies: [String: Int] = [:]
        for text in otherLessons {
            // Runs break at punctuation and line breaks, so a whole lesson reads as one
            // sentence here without creating phrases across sentences.
            let other = AnalyzedSentence(text: text, tokenizer: tokenizer)
            var seen: Set<String> = []
            for range in other.termRanges {
                let key = other.key(of: range)
                if keys.contains(key), seen.insert(key).inserted { frequencies[key, default: 0] += 1 }
            }
        }
        return frequencies
    }

    /// The candidate's kind, or `nil` for a phrase mixing a name and common words.
    private static func kind(of candidate: KeyTermCandidate, names: Set<String>) -> KeyTerm.Kind? {
        if candidate.isNumber { return .number }
        if candidate.wordCount == 1 { return candidate.looksLikeName ? .properNoun : .word }
        let nameCount = candidate.folded.split(separator: " ").filter { names.contains(String($0)) }.count
        // "Visual Basic Editor", and "Hadley Wickham" even when only seen starting sentences.
        let alwaysCapitalized = candidate.capitalizedMidSentence > 0 && candidate.lowercaseMidSentence == 0
        let capitalizedName = nameCount > 0 && candidate.fullyCapitalized == candidate.occurrences
        if nameCount == candidate.wordCount || alwaysCapitalized || capitalizedName { return .properNoun }
        return nameCount == 0 ? .phrase : nil
    }
}
