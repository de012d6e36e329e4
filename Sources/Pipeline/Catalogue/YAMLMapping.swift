import Yams

/// A YAML mapping read field by field, so the catalogue can reject unknown and duplicate keys with
/// the path of the entry at fault instead of ignoring a typo such as `retires:`.
struct YAMLMapping {
    let path: String
    private(set) var entries: [(key: String, value: Node)] = []

    init(_ node: Node?, path: String) throws {
        self.path = path
        guard let mapping = node?.mapping else {
            throw CatalogueError(path: path, reason: "must be a mapping")
        }
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw CatalogueError(path: path, reason: "keys must be strings")
            }
            guard seen.insert(key).inserted else {
                throw CatalogueError(path: child(key), reason: "is declared twice")
            }
            entries.append((key, value))
        }
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Throws for the first key not in `allowed`.
    func requireOnly(_ allowed: Set<String>) throws {
        for entry in entries where !allowed.contains(entry.key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw CatalogueError(path: child(entry.key), reason: "unknown key (known keys: \(known))")
        }
    }

    func node(_ key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    func string(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar = node, let value = node.string, !value.isEmpty else {
            throw CatalogueError(path: child(key), reason: "must be a non-empty string")
        }
        return value
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else {
            throw CatalogueError(path: child(key), reason: "is required")
        }
        return value
    }

    func integer(_ key: String, range: ClosedRange<Int>) throws -> Int? {
        guard let node = node(key) else { return nil }
        guard let value = node.int, range.contains(value) else {
            throw CatalogueError(path: child(key), reason: "must be an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    func number(_ key: String, range: ClosedRange<Double>) throws -> Double? {
        guard let node = node(key) else { return nil }
        guard let value = node.float, range.contains(value) else {
            throw CatalogueError(path: child(key), reason: "must be a number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    func duration(_ key: String) throws -> Duration? {
        guard let text = try string(key) else { return nil }
        guard let value = DurationText.parse(text) else {
            throw CatalogueError(path: child(key), reason: "must be a duration such as 500ms, 30s, 10m, 6h or 7d")
        }
        return value
    }

    func strings(_ key: String) throws -> [String]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw CatalogueError(path: child(key), reason: "must be a list of strings")
        }
        return try sequence.map { item in
            guard case .scalar = item, let value = item.string, !value.isEmpty else {
                throw CatalogueError(path: child(key), reason: "must be a list of strings")
            }
            return value
        }
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, of type: Value.Type) throws -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw CatalogueError(path: child(key), reason: "must be one of \(allowed)")
        }
        return value
    }
}
