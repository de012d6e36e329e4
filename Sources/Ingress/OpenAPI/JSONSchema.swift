/// Small builders for the JSON Schema (2020-12, as used by OpenAPI 3.1) of request and response
/// bodies, so each route documents its shapes next to its handler.
public enum JSONSchema {
    public static func string(format: String? = nil, description: String? = nil, enumValues: [String]? = nil) -> JSONValue {
        var schema: JSONValue = ["type": "string"]
        if let format { schema = schema.setting("format", .string(format)) }
        if let enumValues { schema = schema.setting("enum", .array(enumValues.map(JSONValue.string))) }
        if let description { schema = schema.setting("description", .string(description)) }
        return schema
    }

    public static let uuid = string(format: "uuid")
    public static let dateTime = string(format: "date-time")
    public static let integer: JSONValue = ["type": "integer"]
    public static let number: JSONValue = ["type": "number"]
    public static let boolean: JSONValue = ["type": "boolean"]

    public static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    /// An object with the given properties; `required` lists the keys that must be present.
    public static func object(_ properties: [(String, JSONValue)], required: [String] = [], additional: Bool = false) -> JSONValue {
        [
            "type": "object",
            "properties": .object(properties),
            "required": .array(required.map(JSONValue.string)),
            "additionalProperties": .bool(additional),
        ]
    }

    public static func reference(_ component: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(component)")]
    }

    /// `{"success": true, "data": <data>}`.
    public static func success(_ data: JSONValue) -> JSONValue {
        object([("success", ["const": true]), ("data", data)], required: ["success", "data"])
    }
}
