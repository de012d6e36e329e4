/// Decodes the character references found in lesson HTML: the named entities editors emit for
/// French and English text, and numeric ones (`&#233;`, `&#xE9;`).
enum HTMLEntities {
    /// The decoded text of the reference starting at `start` (an `&`), and the index just after
    /// its `;`; `nil` when there is no well-formed reference there, so the `&` stays literal.
    static func decode(_ scalars: [Unicode.Scalar], at start: Int) -> (text: String, end: Int)? {
        // The longest name below is 8 characters; 12 bounds the look-ahead on a stray "&".
        let limit = min(scalars.count, start + 12)
        guard let semicolon = (start + 1..<limit).first(where: { scalars[$0] == ";" }), semicolon > start + 1 else {
            return nil
        }
        let name = String(String.UnicodeScalarView(scalars[start + 1..<semicolon]))
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16)
                : UInt32(digits, radix: 10)
            guard let value else { return nil }
            // NUL and invalid code points become the replacement character, as browsers do.
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (String(scalar ?? "\u{FFFD}"), semicolon + 1)
        }
        guard let text = named[name] else { return nil }
        return (text, semicolon + 1)
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "eacute": "é", "Eacute": "É", "egrave": "è", "Egrave": "È", "ecirc": "ê", "Ecirc": "Ê",
        "euml": "ë", "Euml": "Ë", "agrave": "à", "Agrave": "À", "acirc": "â", "Acirc": "Â",
        "auml": "ä", "Auml": "Ä", "aacute": "á", "Aacute": "Á", "ccedil": "ç", "Ccedil": "Ç",
        "icirc": "î", "Icirc": "Î", "iuml": "ï", "Iuml": "Ï", "iacute": "í", "ocirc": "ô",
        "Ocirc": "Ô", "ouml": "ö", "Ouml": "Ö", "oacute": "ó", "ugrave": "ù", "Ugrave": "Ù",
        "ucirc": "û", "Ucirc": "Û", "uuml": "ü", "Uuml": "Ü", "uacute": "ú", "yuml": "ÿ",
        "ntilde": "ñ", "szlig": "ß", "oelig": "œ", "OElig": "Œ", "aelig": "æ", "AElig": "Æ",
        "laquo": "«", "raquo": "»", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“",
        "rdquo": "”", "bdquo": "„", "hellip": "…", "ndash": "–", "mdash": "—", "bull": "•",
        "middot": "·", "euro": "€", "pound": "£", "copy": "©", "reg": "®", "trade": "™",
        "deg": "°", "times": "×", "divide": "÷", "plusmn": "±", "sect": "§", "para": "¶",
        "thinsp": " ", "ensp": " ", "emsp": " ", "shy": "",
    ]
}
