import Learning

/// A long lesson for size tests and the quiz timing run: the fixtures' paragraphs, each copy
/// numbered so that sentences stay distinct, until the wanted word count is reached.
enum LongLesson {
    static func make(wordCount: Int) throws -> String {
        let paragraphs = try Fixtures.all.flatMap { name in
            try Fixtures.lesson(name).components(separatedBy: "\n\n")
        }
        var words = 0
        var copy = 0
        var text: [String] = []
        while words < wordCount {
            copy += 1
            for paragraph in paragraphs where words < wordCount {
                // "(part 3)" before each period keeps every copy of a sentence distinct.
                let numbered = paragraph.replacingOccurrences(of: ". ", with: " (part \(copy)). ")
                text.append(numbered)
                words += numbered.split(whereSeparator: \.isWhitespace).count
            }
        }
        return text.joined(separator: "\n\n")
    }

    /// Ten other lessons of the same course.
    static func otherLessons() throws -> [String] {
        let texts = try Fixtures.all.map(Fixtures.lesson)
        return (0..<10).map { texts[$0 % texts.count] + "\n\n" + texts[($0 + 1) % texts.count] }
    }
}
