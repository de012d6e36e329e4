import Foundation
import PostgresClient

/// A course of the catalogue (the seed's `courses` collection) with its maintained metrics.
public struct Course: Sendable, Codable, Equatable {
    public var id: UUID
    public var title: String
    public var description: String
    public var shortDescription: String
    public var domain: CourseDomain
    public var stack: [String]
    public var keywords: [String]
    public var price: CoursePrice
    public var instructorID: UUID?
    public var instructorName: String
    public var status: CourseStatus
    public var language: CourseLanguage
    public var category: String?
    public var imageURL: String?
    public var totalLessons: Int
    public var totalDurationHours: Double
    public var enrollmentsCount: Int
    public var averageRating: Double
    public var reviewsCount: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?

    /// The columns `init(row:)` reads, for `SELECT \(fragment: Course.columns)`.
    /// The columns `init(row:)` reads, for `SELECT \(fragment: Course.columns) FROM academy.courses c`
    /// (every query names the table `c`).
    static let columns: PostgresQuery = """
        c.id, c.title, c.description, c.short_description, c.domain, c.stack, c.keywords, c.price_amount, c.currency,
        c.pricing_model, c.instructor_id, c.instructor_name, c.status, c.language, c.category, c.image_url, c.total_lessons,
        c.total_duration_seconds, c.enrollments_count, c.average_rating, c.reviews_count, c.created_at, c.updated_at,
        c.published_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        title = try row.decode(String.self, column: "title")
        description = try row.decode(String.self, column: "description")
        shortDescription = try row.decode(String.self, column: "short_description")
        domain = try row.decode(CourseDomain.self, column: "domain")
        stack = try row.decode([String].self, column: "stack")
        keywords = try row.decode([String].self, column: "keywords")
        price = CoursePrice(amount: try row.decode(Int64.self, column: "price_amount"),
                            currency: try row.decode(String.self, column: "currency"),
                            pricingModel: try row.decode(PricingModel.self, column: "pricing_model"))
        instructorID = try row.decode(UUID?.self, column: "instructor_id")
        instructorName = try row.decode(String.self, column: "instructor_name")
        status = try row.decode(CourseStatus.self, column: "status")
        language = try row.decode(CourseLanguage.self, column: "language")
        category = try row.decode(String?.self, column: "category")
        imageURL = try row.decode(String?.self, column: "image_url")
        totalLessons = try row.decode(Int.self, column: "total_lessons")
        let seconds = try row.decode(Int64.self, column: "total_duration_seconds")
        totalDurationHours = (Double(seconds) / 36.0).rounded() / 100
        enrollmentsCount = try row.decode(Int.self, column: "enrollments_count")
        averageRating = try row.decode(Double.self, column: "average_rating")
        reviewsCount = try row.decode(Int.self, column: "reviews_count")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        publishedAt = try row.decode(Date?.self, column: "published_at")
    }

    /// Whether `principal` may change this course: its instructor or an admin.
    func isManaged(by userID: UUID, isAdmin: Bool) -> Bool {
        isAdmin || instructorID == userID
    }
}
