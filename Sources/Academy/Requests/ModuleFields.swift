import Ingress

/// `POST /courses/:id/modules {title, description?, order}`.
struct ModuleFields: Decodable {
    var title: String?
    var description: String?
    var order: Int?

    func validated() throws -> (title: String, description: String, order: Int) {
        var issues = FieldIssues()
        issues.require(title != nil, "title", "is required")
        issues.require(order != nil, "order", "is required")
        let title = issues.text(title, "title", 1...200)
        let description = issues.text(description, "description", 0...5_000)
        if let order { issues.require((1...1_000).contains(order), "order", "must be an integer from 1 to 1000") }
        try issues.throwIfAny()
        return (title ?? "", description ?? "", order ?? 1)
    }
}
