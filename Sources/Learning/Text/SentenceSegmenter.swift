/// Splits French or English text into sentences.
///
/// A sentence ends at `.`, `!`, `?`, `…` or a line break, but not at an abbreviation ("e.g.",
/// "Dr.", "M.", "p. ex."), a decimal number ("3.14"), an initial ("J. R. R. Tolkien"), a
/// numbered-list marker ("1."), a period followed by a lower-case word ("etc. avant"), an
/// ellipsis followed by a lower-case word, or any terminator inside quotation marks.
public enum SentenceSegmenter {
    /// The trimmed, non-empty sentences of `text`, in order.
    public static func sentences(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).flatMap { sentences(inLine: Array($0)) }
    }

    private static func sentences(inLine line: [Character]) -> [String] {
        var sentences: [String] = []
        var quotes = QuoteState()
        var start = 0
        var index = 0
        while index < line.count {
            let character = line[index]
            guard isTerminator(character) else {
                quotes.update(with: character)
                index += 1
                continue
            }
            var runEnd = index + 1
            while runEnd < line.count, isTerminator(line[runEnd]) { runEnd += 1 }
            let end = endAfterClosingMarks(line, from: runEnd, quotes: &quotes)
            if !quotes.isInside, endsSentence(line, sentenceStart: start, terminator: index, runEnd: runEnd, end: end) {
                append(line[start..<end], to: &sentences)
                start = end
            }
            index = end
        }
        append(line[start...], to: &sentences)
        return sentences
    }

    /// Extends a terminator run over closing quotes and brackets, French style (`fin. »`)
    /// included, updating the quote state as they close.
    private static func endAfterClosingMarks(_ line: [Character], from runEnd: Int, quotes: inout QuoteState) -> Int {
        var probe = runEnd
        while probe < line.count, line[probe] == " " || line[probe] == "\u{A0}" || line[probe] == "\u{202F}" { probe += 1 }
        guard probe < line.count, isClosingMark(line[probe]) || (line[probe] == "\"" && quotes.straightOpen) else {
            return runEnd
        }
        var end = probe
        while end < line.count, isClosingMark(line[end]) || (line[end] == "\"" && quotes.straightOpen) {
            quotes.update(with: line[end])
            end += 1
        }
        return end
    }

    private static func endsSentence(_ line: [Character], sentenceStart: Int, terminator: Int, runEnd: Int, end: Int) -> Bool {
        // "3.14", "e.g.x", "www.example.com": a terminator glued to the next character.
        if end < line.count, !line[end].isWhitespace { return false }
        guard let next = line[end...].first(where: { !$0.isWhitespace }) else { return true }
        // A lower-case word continues the sentence whatever came before: "etc. avant",
        // "« Qui ? » demanda-t-il", "wait... what".
        if next.isLowercase { return false }
        let run = line[terminator..<runEnd]
        if run.contains("?") || run.contains("!") { return true }
        if run.count > 1 || run.first == "…" { return next.isUppercase || next.isNumber }
        let word = wordBefore(line, terminator: terminator)
        if Abbreviations.contains(word) { return false }
        // "1. Introduction": a list marker, not a sentence.
        if word.allSatisfy(\.isNumber), line[sentenceStart..<terminator].allSatisfy({ $0.isNumber || $0.isWhitespace }) {
            return false
        }
        return !(isInitial(word) && next.isUppercase && followsNameOrInitial(line, word: word, terminator: terminator))
    }

    /// The characters between the last space and `terminator`, without opening punctuation.
    private static func wordBefore(_ line: [Character], terminator: Int) -> String {
        var start = terminator
        while start > 0, !line[start - 1].isWhitespace { start -= 1 }
        return String(line[start..<terminator].drop { "([{«“\"'".contains($0) })
    }

    /// "J" or "J.R.R": single capitals joined by periods.
    private static func isInitial(_ word: String) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { $0.count == 1 && $0.first?.isUppercase == true }
    }

    /// An initial is part of a name when the word before it is capitalised or another initial
    /// ("John F. Kennedy", "J. R. R."), not after a lower-case word ("le langage R. Nous").
    private static func followsNameOrInitial(_ line: [Character], word: String, terminator: Int) -> Bool {
        var end = terminator - word.count
        while end > 0, line[end - 1].isWhitespace { end -= 1 }
        guard end > 0 else { return true }
        var start = end
        while start > 0, !line[start - 1].isWhitespace { start -= 1 }
        return line[start].isUppercase
    }

    private static func append(_ characters: ArraySlice<Character>, to sentences: inout [String]) {
        let sentence = String(characters).trimmed(where: \.isWhitespace)
        if sentence.contains(where: { $0.isLetter || $0.isNumber }) { sentences.append(sentence) }
    }

    private static func isTerminator(_ character: Character) -> Bool {
        character == "." || character == "!" || character == "?" || character == "…"
    }

    private static func isClosingMark(_ character: Character) -> Bool {
        character == "»" || character == "”" || character == ")" || character == "]"
    }
}

/// Whether the segmenter is inside quotation marks, where terminators belong to the quote.
private struct QuoteState {
    var guillemetDepth = 0
    var straightOpen = false

    var isInside: Bool { guillemetDepth > 0 || straightOpen }

    mutating func update(with character: Character) {
        switch character {
        case "«", "“": guillemetDepth += 1
        case "»", "”": guillemetDepth = max(0, guillemetDepth - 1)
        case "\"": straightOpen.toggle()
        default: break
        }
    }
}
