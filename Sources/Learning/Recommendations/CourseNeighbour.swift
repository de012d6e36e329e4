import Foundation

/// A course similar to another one, and how similar (0...1).
public struct CourseNeighbour: Sendable, Equatable, Codable {
    public let courseID: UUID
    public let similarity: Double

    public init(courseID: UUID, similarity: Double) {
        self.courseID = courseID
        self.similarity = similarity
    }
}

/// A neighbour by position in a catalogue sorted by id, the form the recommender computes with.
struct IndexedNeighbour: Sendable {
    let index: Int
    let similarity: Double

    /// Most similar first; equal similarities by catalogue position, which is id order.
    static func ranksBefore(_ lhs: IndexedNeighbour, _ rhs: IndexedNeighbour) -> Bool {
        lhs.similarity != rhs.similarity ? lhs.similarity > rhs.similarity : lhs.index < rhs.index
    }

    /// The `count` best of `neighbours`.
    static func top(_ count: Int, of neighbours: [IndexedNeighbour]) -> [IndexedNeighbour] {
        Array(neighbours.sorted(by: ranksBefore).prefix(count))
    }
}
