/// A searchable piece of course material: a lesson paragraph, a few sentences of one, or a FAQ
/// entry.
public struct Passage: Sendable, Equatable, Hashable, Codable {
    /// Unique within an index; ties in search results are broken by it.
    public let id: String
    /// What the passage comes from, such as the lesson's id.
    public let sourceID: String
    public let text: String

    public init(id: String, sourceID: String, text: String) {
        self.id = id
        self.sourceID = sourceID
        self.text = text
    }
}

/// A passage with its BM25 score for one query.
public struct ScoredPassage: Sendable, Equatable {
    public let passage: Passage
    public let score: Double

    public init(passage: Passage, score: Double) {
        self.passage = passage
        self.score = score
    }
}
