import Foundation
import Pipeline

/// "This learner's history changed (or they asked): recompute their recommendations." When the
/// cause is a new enrolment, the worker first adds it to the course co-enrolment counts (once
/// per command, through the inbox). Keyed by learner so one learner's refreshes stay in order.
public struct RefreshRecommendations: Command, Equatable {
    public static let commandType = CommandType("RefreshRecommendations", topic: "learning.recommendations")

    public enum Cause: String, Sendable, Codable {
        case enrolled, completed, reviewed, requested
    }

    public var userID: UUID
    public var cause: Cause
    /// The course enrolled in, completed or reviewed.
    public var courseID: UUID?

    public init(userID: UUID, cause: Cause, courseID: UUID?) {
        self.userID = userID
        self.cause = cause
        self.courseID = courseID
    }

    public var orderingKey: String { userID.uuidString.lowercased() }
}
