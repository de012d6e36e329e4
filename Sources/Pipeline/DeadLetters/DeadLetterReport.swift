import Foundation

/// What a replay or discard did, dead letter by dead letter, for the CLI's summary and for tests.
public struct DeadLetterReport: Sendable, Equatable {
    /// What happened to one requested dead letter.
    public enum Outcome: String, Sendable, Equatable {
        /// Re-driven to its source topic through the outbox, with its parked commands after it.
        case replayed
        /// Closed without re-driving it; its parked commands were re-driven.
        case discarded
        /// It was already replayed or discarded: nothing changed.
        case alreadyClosed = "already_closed"
        /// No dead letter has this id.
        case notFound = "not_found"
        /// A malformed message (no trustworthy envelope) cannot be replayed, only discarded.
        case notReplayable = "not_replayable"
    }

    public struct Entry: Sendable, Equatable {
        public let id: UUID
        public let outcome: Outcome
        /// Commands that were parked behind this dead letter and are now re-driven.
        public let parkedRedriven: Int
    }

    /// One entry per requested dead letter, in the order they were handled (oldest first).
    public private(set) var entries: [Entry] = []

    public init() {}

    mutating func record(_ id: UUID, _ outcome: Outcome, parkedRedriven: Int = 0) {
        entries.append(Entry(id: id, outcome: outcome, parkedRedriven: parkedRedriven))
    }

    /// How many requested dead letters ended with `outcome`.
    public func count(_ outcome: Outcome) -> Int { entries.filter { $0.outcome == outcome }.count }

    /// The ids that ended with `outcome`.
    public func ids(_ outcome: Outcome) -> [UUID] { entries.filter { $0.outcome == outcome }.map(\.id) }

    /// Parked commands re-driven in total.
    public var parkedRedriven: Int { entries.reduce(0) { $0 + $1.parkedRedriven } }
}
