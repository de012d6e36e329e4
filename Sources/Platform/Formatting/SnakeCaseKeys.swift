import Foundation
import Synchronization

/// The snake_case ↔ Swift property name mapping of every JSON body and command payload.
///
/// Foundation's built-in strategies turn `user_id` into `userId`, which misses Swift's `userID`
/// (STYLE.md: acronyms uniform). These strategies keep acronyms whole in both directions:
/// `userID` ↔ `user_id`, `avatarURL` ↔ `avatar_url`, `displayName` ↔ `display_name`.
public enum SnakeCaseKeys {
    /// Words written in capitals in Swift names.
    static let acronyms: Set<String> = ["id", "ids", "url", "urls", "uuid", "ip", "json", "html", "http", "api", "sms", "otp", "totp", "iban", "vat", "pdf"]

    public static let encoding = JSONEncoder.KeyEncodingStrategy.custom { path in
        AnyKey(jsonName(forSwiftName: path.last?.stringValue ?? ""))
    }

    public static let decoding = JSONDecoder.KeyDecodingStrategy.custom { path in
        AnyKey(swiftName(forJSONKey: path.last?.stringValue ?? ""))
    }

    /// The Swift property name a JSON member name stands for.
    static func swiftName(forJSONKey key: String) -> String {
        // A byte scan: `String.contains("_")` goes through Foundation's string search, which
        // costs more than the rest of this function, and it runs for every key of every payload.
        key.utf8.contains(UInt8(ascii: "_")) ? camelCaseNames.name(for: key, convert: camelCase) : key
    }

    /// The JSON member name of a Swift property name (`snakeCase`, remembered).
    static func jsonName(forSwiftName name: String) -> String {
        snakeCaseNames.name(for: name, convert: snakeCase)
    }

    /// The strategies run for every key of every payload a worker decodes; the set of names is
    /// small, so conversions are remembered (up to a bound, since request bodies choose keys too).
    private static let snakeCaseNames = NameCache()
    private static let camelCaseNames = NameCache()

    private final class NameCache: Sendable {
        private let names = Mutex<[String: String]>([:])
        private static let limit = 4_096

        func name(for key: String, convert: (String) -> String) -> String {
            if let known = names.withLock({ $0[key] }) { return known }
            let converted = convert(key)
            names.withLock { names in
                if names.count < Self.limit { names[key] = converted }
            }
            return converted
        }
    }

    /// `userID` → `user_id`, `avatarURL` → `avatar_url`, `URLValue` → `url_value`.
    public static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var words: [String] = []
        var current = ""
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let startsWord = character.isUppercase && !current.isEmpty
                && (previous?.isLowercase == true || previous?.isNumber == true || next?.isLowercase == true)
            if startsWord {
                words.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        // "IDs" stays one word: a lone trailing "s" after an acronym belongs to it.
        return words.map { $0.lowercased() }.joined(separator: "_").replacingOccurrences(of: "_i_ds", with: "_ids")
    }

    /// `user_id` → `userID`, `display_name` → `displayName`.
    public static func camelCase(_ key: String) -> String {
        let words = key.split(separator: "_").map(String.init)
        guard let first = words.first else { return key }
        return first.lowercased() + words.dropFirst().map { word in
            acronyms.contains(word.lowercased()) ? (word.lowercased() == "ids" ? "IDs" : word.uppercased())
                : word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined()
    }

    struct AnyKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(_ value: String) {
            stringValue = value
            intValue = nil
        }
        /// An array element's key, named as Foundation names it in coding paths.
        init(index: Int) {
            stringValue = "Index \(index)"
            intValue = index
        }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }
}
