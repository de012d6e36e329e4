import PostgresClient

/// The seed's four subject areas; the catalogue filters on it.
public enum CourseDomain: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case excel = "Excel"
    case r = "R"
    case python = "Python"
    case other = "Other"
}

/// draft → published → archived. Only published courses are listed, enrolled in or recommended;
/// "deleting" a course archives it so enrolments and purchases keep their subject.
public enum CourseStatus: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case draft, published, archived
}

public enum PricingModel: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case oneTime = "one-time"
    case subscription
}

/// The languages a course is taught in (search and quizzes handle both).
public enum CourseLanguage: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case french = "fr"
    case english = "en"
}
