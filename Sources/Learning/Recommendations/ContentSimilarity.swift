import Foundation

/// Which courses talk about the same things: TF-IDF cosine over each course's title,
/// description, keywords and stack, with each course's most similar recommendable courses
/// precomputed.
///
/// Titles, keywords and stack count double, being chosen words; a keyword or stack entry of
/// several words ("Power Query") also counts as one term so that it matches only whole. All
/// pairs are scored through an inverted index, so a course is compared only with courses that
/// share a term: a catalogue of 1,000 courses takes milliseconds.
public struct ContentSimilarity: Sendable {
    /// How many neighbours are kept per course.
    public let neighbourCount: Int
    private let catalogue: CourseCatalogue
    private let table: [[IndexedNeighbour]]

    public init(profiles: [CourseProfile], neighbourCount: Int = 20) {
        let catalogue = CourseCatalogue(profiles)
        self.catalogue = catalogue
        self.neighbourCount = neighbourCount
        self.table = Self.neighbourTable(of: catalogue, count: neighbourCount)
    }

    /// The recommendable courses most similar to `course`, best first (ties by id); empty for
    /// an unknown course.
    public func neighbours(of course: UUID) -> [CourseNeighbour] {
        guard let position = catalogue.positions[course] else { return [] }
        return table[position].map { CourseNeighbour(courseID: catalogue.courses[$0.index].id, similarity: $0.similarity) }
    }

    /// The neighbour lists by catalogue position.
    static func neighbourTable(of catalogue: CourseCatalogue, count: Int) -> [[IndexedNeighbour]] {
        let documents = catalogue.courses.map(terms(of:))
        let model = TFIDFModel(corpus: documents)
        var vocabulary: [String: Int] = [:]
        // Vectors over integer term ids: the all-pairs loop below then touches no strings.
        let vectors: [[(term: Int, weight: Double)]] = documents.map { tokens in
            model.vector(for: tokens).weights
                .map { entry in
                    let id = vocabulary[entry.key] ?? vocabulary.count
                    vocabulary[entry.key] = id
                    return (id, entry.value)
                }
        }
        var postings = [[(course: Int, weight: Double)]](repeating: [], count: vocabulary.count)
        for (course, vector) in vectors.enumerated() where catalogue.courses[course].isRecommendable {
            for entry in vector { postings[entry.term].append((course, entry.weight)) }
        }
        var scores = [Double](repeating: 0, count: catalogue.count)
        var touched: [Int] = []
        return vectors.enumerated().map { course, vector in
            for entry in vector {
                for posting in postings[entry.term] where posting.course != course {
                    if scores[posting.course] == 0 { touched.append(posting.course) }
                    scores[posting.course] += entry.weight * posting.weight
                }
            }
            let neighbours = touched.map { IndexedNeighbour(index: $0, similarity: min(1, scores[$0])) }
            for index in touched { scores[index] = 0 }
            touched.removeAll(keepingCapacity: true)
            return IndexedNeighbour.top(count, of: neighbours)
        }
    }

    private static func terms(of course: CourseProfile) -> [String] {
        let language = TextLanguage(code: course.language) ?? LanguageDetector.detect(course.title + "\n" + course.description)
        let tokenizer = Tokenizer(language: language)
        func words(_ text: String) -> [String] {
            tokenizer.tokens(in: text).map { LightStemmer.stem($0, language: language) }
        }
        let chosen = [course.title] + course.keywords + course.stack
        let wholeEntries = (course.keywords + course.stack).map { words($0).joined(separator: " ") }.filter { $0.contains(" ") }
        let chosenTerms = chosen.flatMap(words) + wholeEntries
        return chosenTerms + chosenTerms + words(course.description)
    }
}
