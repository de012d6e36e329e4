import Foundation
import Ingress

/// The fields of `POST /courses` and `PATCH /courses/:id` (every one optional in a PATCH).
/// `pricing_model` may come at the top level (the seed's endpoint) or inside `price` (the
/// seed's model); giving both with different values is an error.
struct CourseFields: Decodable {
    struct PriceInput: Decodable {
        var amount: Int64?
        var currency: String?
        var pricingModel: String?
    }

    var title: String?
    var description: String?
    var shortDescription: String?
    var domain: String?
    var stack: [String]?
    var keywords: [String]?
    var price: PriceInput?
    var pricingModel: String?
    var language: String?
    var category: String?
    var imageURL: String?

    /// The checked values; `creating` makes title, description and domain required.
    func validated(creating: Bool) throws -> CourseChanges {
        var issues = FieldIssues()
        if creating {
            issues.require(title != nil, "title", "is required")
            issues.require(description != nil, "description", "is required")
            issues.require(domain != nil, "domain", "is required")
        }
        var changes = CourseChanges()
        changes.title = issues.text(title, "title", 5...200)
        changes.description = issues.text(description, "description", 0...20_000)
        changes.shortDescription = issues.text(shortDescription, "short_description", 0...500)
        changes.domain = issues.choice(domain, "domain", as: CourseDomain.self)
        changes.stack = issues.labels(stack, "stack", maxCount: 20)
        changes.keywords = issues.labels(keywords, "keywords", maxCount: 30)
        changes.language = issues.choice(language, "language", as: CourseLanguage.self)
        changes.category = issues.text(category, "category", 1...100)
        changes.imageURL = issues.url(imageURL, "image_url")
        if let amount = price?.amount {
            issues.require((0...100_000_000).contains(amount), "price.amount", "must be an integer amount in minor units from 0 to 100000000")
            changes.priceAmount = amount
        }
        if let currency = price?.currency {
            let valid = currency.count == 3 && currency.allSatisfy { $0.isASCII && $0.isUppercase }
            issues.require(valid, "price.currency", "must be an ISO 4217 code in capitals, e.g. EUR")
            changes.currency = currency
        }
        if let inner = price?.pricingModel, let outer = pricingModel, inner != outer {
            issues.require(false, "pricing_model", "differs from price.pricing_model")
        }
        changes.pricingModel = issues.choice(pricingModel ?? price?.pricingModel, "pricing_model", as: PricingModel.self)
        try issues.throwIfAny()
        return changes
    }
}

/// Checked course fields; nil = unchanged (or the column default on creation).
struct CourseChanges: Sendable {
    var title: String?
    var description: String?
    var shortDescription: String?
    var domain: CourseDomain?
    var stack: [String]?
    var keywords: [String]?
    var priceAmount: Int64?
    var currency: String?
    var pricingModel: PricingModel?
    var language: CourseLanguage?
    var category: String?
    var imageURL: String?
}
