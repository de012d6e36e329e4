import Foundation
import PostgresClient

/// A course's metrics as the stats worker last computed them (`academy.course_stats`).
public struct CourseStats: Sendable, Encodable, Equatable {
    public var courseID: UUID
    public var enrollments: Int
    /// Enrolments with a completion date.
    public var completions: Int
    /// completions / enrollments, 0 to 1 (0 when nobody enrolled).
    public var completionRate: Double
    /// Mean of the reviews' ratings (1–5, two decimals); nil before the first review.
    public var averageRating: Double?
    public var reviewsCount: Int
    /// When the view's last refresh began: the figures hold every change committed before it.
    /// nil only if the view has never been filled.
    public var refreshedAt: Date?

    static let columns: PostgresQuery = "enrollments, completions, completion_rate, average_rating, reviews_count"

    /// The figures of `row`, or zeros when the course is newer than the view's last refresh.
    init(courseID: UUID, row: PostgresRow?, refreshedAt: Date?) throws {
        self.courseID = courseID
        self.refreshedAt = refreshedAt
        enrollments = try row?.decode(Int.self, column: "enrollments") ?? 0
        completions = try row?.decode(Int.self, column: "completions") ?? 0
        completionRate = try row?.decode(Double.self, column: "completion_rate") ?? 0
        averageRating = try row?.decode(Double?.self, column: "average_rating") ?? nil
        reviewsCount = try row?.decode(Int.self, column: "reviews_count") ?? 0
    }

    private enum CodingKeys: String, CodingKey {
        case courseID, enrollments, completions, completionRate, averageRating, reviewsCount, refreshedAt
    }

    /// Written by hand so that a missing rating or refresh time is `null`, not an absent key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(courseID, forKey: .courseID)
        try container.encode(enrollments, forKey: .enrollments)
        try container.encode(completions, forKey: .completions)
        try container.encode(completionRate, forKey: .completionRate)
        try container.encode(averageRating, forKey: .averageRating)
        try container.encode(reviewsCount, forKey: .reviewsCount)
        try container.encode(refreshedAt, forKey: .refreshedAt)
    }
}
