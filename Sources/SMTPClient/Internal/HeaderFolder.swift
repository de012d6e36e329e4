/// Builds one header field, folding it (CRLF + space) so lines stay within RFC 5322's
/// recommended 78 characters, and within 76 where RFC 2047 encoded-words appear.
struct HeaderFolder {
    private var lines: [String]
    private var currentHasToken = false

    init(name: String) {
        lines = [name + ":"]
    }

    /// Adds a word after a space, starting a new line first if it would not fit.
    /// An empty word (from consecutive spaces) never starts a line: a line of only
    /// whitespace is obsolete syntax.
    mutating func append(_ token: String, limit: Int = 78) {
        let current = lines[lines.count - 1]
        if currentHasToken, !token.isEmpty, current.utf8.count + 1 + token.utf8.count > limit {
            lines.append(" " + token)
        } else {
            lines[lines.count - 1] = current + " " + token
        }
        currentHasToken = true
    }

    /// Adds text as RFC 2047 encoded-words, each sized to the room left on its line.
    mutating func appendEncoded(_ text: String, phrase: Bool) {
        let encoder = EncodedWordEncoder(text: text, phrase: phrase)
        let scalars = text.unicodeScalars
        var next = scalars.startIndex
        while next < scalars.endIndex {
            let lineLength = lines[lines.count - 1].utf8.count
            var room = EncodedWordEncoder.maxLineLength - lineLength - 1
            if room < EncodedWordEncoder.minimumWordLength && currentHasToken {
                lines.append("")
                currentHasToken = false
                room = EncodedWordEncoder.maxWordLength
            }
            room = min(room, EncodedWordEncoder.maxWordLength)
            let (word, end) = encoder.nextWord(from: scalars, at: next, maxLength: max(room, EncodedWordEncoder.minimumWordLength))
            next = end
            lines[lines.count - 1] += " " + word
            currentHasToken = true
        }
    }

    /// The field with its final CRLF.
    var rendered: String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}
