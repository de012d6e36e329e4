import Foundation

/// Case and accent folding used for every comparison in this module, so that "Élève", "ÉLÈVE"
/// and "eleve" are the same word, and "’" matches "'".
public enum TextFolding {
    /// Lower-cases `text`, removes diacritics and spells out the ligatures œ, æ and ß.
    public static func fold(_ text: some StringProtocol) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                // ASCII is most of the text: lower-case it arithmetically rather than through
                // Unicode tables.
                let value = scalar.value
                folded.append((65...90).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar)
            } else if let replacement = latinFolding[scalar] {
                folded.append(contentsOf: replacement.unicodeScalars)
            } else if scalar.properties.generalCategory != .nonspacingMark {
                // A combining accent of text written decomposed is dropped; any other script is
                // only lower-cased.
                folded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(folded)
    }

    /// Latin-1 Supplement and Latin Extended-A/B precomputed once: Foundation's canonical
    /// decomposition is exact but far too slow to call per word.
    private static let latinFolding: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        for value in UInt32(0xA0)...UInt32(0x24F) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let base = String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
                .filter { $0.properties.generalCategory != .nonspacingMark }
            table[scalar] = String(String.UnicodeScalarView(base))
        }
        let spelledOut: [Unicode.Scalar: String] = [
            "\u{A0}": " ", "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
            "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
        ]
        table.merge(spelledOut) { _, new in new }
        // Typographic apostrophes become the ASCII one so "l’algorithme" tokenizes like
        // "l'algorithme".
        for apostrophe in ["\u{2018}", "\u{2019}", "\u{02BC}"] as [Unicode.Scalar] { table[apostrophe] = "'" }
        return table
    }()
}
