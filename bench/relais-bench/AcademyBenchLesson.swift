import Foundation

/// Lesson text of a chosen length for the quiz benchmark, made of the paragraphs of the real
/// lesson fixtures of Tests/LearningTests (taken in turn from `offset`, repeated as needed).
enum AcademyBenchLesson {
    static let fixtures = "Tests/LearningTests/Fixtures"

    static func text(words: Int, offset: Int = 0) throws -> String {
        let folder = URL(fileURLWithPath: fixtures)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["txt", "md"].contains($0.pathExtension) }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        let paragraphs = try files.flatMap { file in
            try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        }
        guard !paragraphs.isEmpty else { throw BenchFailure("no lesson fixtures in \(fixtures)") }
        var chosen: [String] = []
        var count = 0
        var index = offset
        while count < words {
            let paragraph = paragraphs[index % paragraphs.count]
            chosen.append(paragraph)
            count += paragraph.split(whereSeparator: \.isWhitespace).count
            index += 1
        }
        return chosen.joined(separator: "\n\n")
    }
}
