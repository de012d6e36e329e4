/// Cuts a lesson's plain text into passages for search: one per paragraph, long paragraphs
/// split into windows of a few sentences so that an answer quotes a readable excerpt rather
/// than a page. A heading (a short paragraph) is kept with the paragraph it introduces.
public struct PassageSplitter: Sendable {
    /// Sentences per passage when a paragraph is too long.
    public var sentencesPerWindow: Int
    /// Paragraphs longer than this many words are split.
    public var maximumParagraphWords: Int
    /// Paragraphs of at most this many words are treated as headings.
    public var headingWords: Int

    public init(sentencesPerWindow: Int = 3, maximumParagraphWords: Int = 120, headingWords: Int = 8) {
        self.sentencesPerWindow = max(1, sentencesPerWindow)
        self.maximumParagraphWords = maximumParagraphWords
        self.headingWords = headingWords
    }

    /// The passages of a lesson, with ids `<lessonID>#001`, `<lessonID>#002`… in text order.
    /// - Parameter text: plain text; convert HTML first with `PlainText.fromHTML(_:)`.
    public func passages(fromLesson text: String, lessonID: String) -> [Passage] {
        var texts: [String] = []
        var heading: String?
        for paragraph in paragraphs(of: text) {
            let wordCount = paragraph.split(whereSeparator: \.isWhitespace).count
            if wordCount <= headingWords, !paragraph.hasSuffix(".") {
                heading = [heading, paragraph].compactMap(\.self).joined(separator: "\n")
                continue
            }
            var pieces = wordCount > maximumParagraphWords ? windows(of: paragraph) : [paragraph]
            if let title = heading, !pieces.isEmpty {
                pieces[0] = title + "\n" + pieces[0]
                heading = nil
            }
            texts.append(contentsOf: pieces)
        }
        if let heading { texts.append(heading) }
        return texts.enumerated().map { offset, text in
            Passage(id: lessonID + "#" + Self.number(offset + 1), sourceID: lessonID, text: text)
        }
    }

    private func paragraphs(of text: String) -> [String] {
        var paragraphs: [String] = []
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
                lines = []
            } else {
                lines.append(line)
            }
        }
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        return paragraphs.map { $0.trimmed(where: \.isWhitespace) }.filter { !$0.isEmpty }
    }

    private func windows(of paragraph: String) -> [String] {
        let sentences = SentenceSegmenter.sentences(in: paragraph)
        return stride(from: 0, to: sentences.count, by: sentencesPerWindow).map { start in
            sentences[start..<min(start + sentencesPerWindow, sentences.count)].joined(separator: " ")
        }
    }

    /// Zero-padded so that ids sort in text order.
    private static func number(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
