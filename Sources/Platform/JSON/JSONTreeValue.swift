/// A JSON value `PayloadJSONEncoder` is building. Objects and arrays are boxes, so a nested
/// container can fill its value after it was placed in its parent.
enum JSONTreeValue {
    case null
    case bool(Bool)
    /// The number's JSON text.
    case number(String)
    case string(String)
    case object(JSONTreeObject)
    case array(JSONTreeArray)
}

/// An object's members by JSON name; written in sorted order, so insertion order is irrelevant
/// and encoding a name twice keeps the last value (as Foundation's encoder does).
final class JSONTreeObject {
    var members: [String: JSONTreeValue] = [:]
}

final class JSONTreeArray {
    var elements: [JSONTreeValue] = []
}
