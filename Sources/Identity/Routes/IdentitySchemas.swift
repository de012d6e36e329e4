import Ingress

/// JSON schemas of Identity's replies, for `/openapi.json`.
enum IdentitySchemas {
    static let user = JSONSchema.object([
        ("id", JSONSchema.uuid), ("email", JSONSchema.string(format: "email")), ("first_name", JSONSchema.string()),
        ("last_name", JSONSchema.string()), ("avatar_url", JSONSchema.string(format: "uri")),
        ("language", JSONSchema.string(enumValues: ["fr", "en"])),
        ("status", JSONSchema.string(enumValues: UserStatus.allCases.map(\.rawValue))),
        ("email_verified", JSONSchema.boolean), ("two_factor_enabled", JSONSchema.boolean),
        ("roles", JSONSchema.array(JSONSchema.string(enumValues: Role.allCases.map(\.rawValue)))),
        ("last_login_at", JSONSchema.dateTime), ("created_at", JSONSchema.dateTime),
    ], required: ["id", "email", "first_name", "last_name", "language", "status", "roles"])

    static let publicProfile = JSONSchema.object([
        ("id", JSONSchema.uuid), ("first_name", JSONSchema.string()), ("last_name", JSONSchema.string()),
        ("avatar_url", JSONSchema.string(format: "uri")),
    ], required: ["id", "first_name", "last_name"])
}
