/// Per-request scratch space: for every catalogue position, the collaborative and content
/// evidence gathered from the learner's courses and which of their courses gave the most.
/// Arrays indexed by position rather than dictionaries: a request touches a few hundred
/// courses and this is the recommender's inner loop.
struct CandidateEvidence {
    private(set) var collaborative: [Double]
    private(set) var content: [Double]
    private(set) var strongestCollaborativeSource: [Int]
    private(set) var strongestContentSource: [Int]
    private var strongestCollaborative: [Double]
    private var strongestContent: [Double]
    private var isTouched: [Bool]
    /// Positions with any evidence, in the order first reached.
    private(set) var touched: [Int] = []

    init(courseCount: Int) {
        collaborative = Array(repeating: 0, count: courseCount)
        content = collaborative
        strongestCollaborative = collaborative
        strongestContent = collaborative
        strongestCollaborativeSource = Array(repeating: -1, count: courseCount)
        strongestContentSource = strongestCollaborativeSource
        isTouched = Array(repeating: false, count: courseCount)
    }

    mutating func addCollaborative(_ amount: Double, to position: Int, from source: Int) {
        touch(position)
        collaborative[position] += amount
        if amount > strongestCollaborative[position] {
            strongestCollaborative[position] = amount
            strongestCollaborativeSource[position] = source
        }
    }

    mutating func addContent(_ amount: Double, to position: Int, from source: Int) {
        touch(position)
        content[position] += amount
        if amount > strongestContent[position] {
            strongestContent[position] = amount
            strongestContentSource[position] = source
        }
    }

    /// Makes `position` a candidate even without evidence (popularity or domain fallback).
    mutating func touch(_ position: Int) {
        if !isTouched[position] {
            isTouched[position] = true
            touched.append(position)
        }
    }
}
