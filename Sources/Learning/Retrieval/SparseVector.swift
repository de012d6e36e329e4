/// A vector over terms that stores only its non-zero weights: the shape of a TF-IDF document.
public struct SparseVector: Sendable, Equatable, Codable {
    /// Weight per term; absent terms weigh zero.
    public private(set) var weights: [String: Double]

    public init(_ weights: [String: Double]) {
        self.weights = weights.filter { $0.value != 0 }
    }

    /// Euclidean (L2) length.
    public var norm: Double {
        weights.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// This vector scaled to length 1; the zero vector stays zero.
    public func normalized() -> SparseVector {
        let norm = norm
        guard norm > 0 else { return self }
        return SparseVector(weights.mapValues { $0 / norm })
    }

    /// Sum of products of shared terms' weights.
    public func dot(_ other: SparseVector) -> Double {
        // Iterating the smaller vector keeps this proportional to the shorter document.
        let (small, large) = weights.count <= other.weights.count ? (weights, other.weights) : (other.weights, weights)
        return small.reduce(0) { sum, entry in sum + entry.value * (large[entry.key] ?? 0) }
    }

    /// Cosine of the angle between the two vectors, in 0...1 for non-negative weights; 0 when
    /// either is the zero vector.
    public func cosineSimilarity(to other: SparseVector) -> Double {
        let norms = norm * other.norm
        return norms > 0 ? dot(other) / norms : 0
    }
}
