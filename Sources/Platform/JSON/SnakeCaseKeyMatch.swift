/// Whether a JSON member name stands for a Swift property name under the snake_case
/// convention — `SnakeCaseKeys.camelCase(jsonName) == swiftName` for names with `_`, plain
/// equality otherwise — decided byte by byte, without building either converted string.
/// Every keyed read of a payload asks this, so it must cost no more than a comparison.
enum SnakeCaseKeyMatch {
    private static let acronyms: [[UInt8]] = SnakeCaseKeys.acronyms.map { Array($0.utf8) }
    private static let underscore = UInt8(ascii: "_")

    static func matches(jsonName: UnsafeBufferPointer<UInt8>, swiftName: UnsafeBufferPointer<UInt8>) -> Bool {
        guard jsonName.contains(underscore) else { return jsonName.elementsEqual(swiftName) }
        guard jsonName.allSatisfy({ $0 < 0x80 }) else {
            // Case mapping beyond ASCII is Unicode's business: compare the converted strings.
            return SnakeCaseKeys.swiftName(forJSONKey: String(decoding: jsonName, as: UTF8.self))
                == String(decoding: swiftName, as: UTF8.self)
        }
        var position = 0
        var wordStart = 0
        var isFirstWord = true
        while wordStart < jsonName.count {
            var wordEnd = wordStart
            while wordEnd < jsonName.count, jsonName[wordEnd] != underscore { wordEnd += 1 }
            if wordEnd > wordStart {
                let word = UnsafeBufferPointer(rebasing: jsonName[wordStart..<wordEnd])
                guard matchWord(word, isFirst: isFirstWord, in: swiftName, at: &position) else { return false }
                isFirstWord = false
            }
            wordStart = wordEnd + 1
        }
        // A name made only of underscores has no words and converts to itself.
        return isFirstWord ? jsonName.elementsEqual(swiftName) : position == swiftName.count
    }

    /// Compares one word as `camelCase` writes it: the first lower-cased, an acronym in capitals
    /// ("ids" as "IDs"), any other word capitalised.
    private static func matchWord(_ word: UnsafeBufferPointer<UInt8>, isFirst: Bool,
                                  in swiftName: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Bool {
        guard position + word.count <= swiftName.count else { return false }
        let isAcronym = !isFirst && acronyms.contains { acronym in
            acronym.count == word.count && zip(acronym, word).allSatisfy { $0 == lowercased($1) }
        }
        let isIDs = isAcronym && word.count == 3 && zip("ids".utf8, word).allSatisfy { $0 == lowercased($1) }
        for (offset, byte) in word.enumerated() {
            let expected: UInt8
            if isFirst {
                expected = lowercased(byte)
            } else if isAcronym {
                expected = isIDs && offset == 2 ? UInt8(ascii: "s") : uppercased(byte)
            } else {
                expected = offset == 0 ? uppercased(byte) : lowercased(byte)
            }
            guard swiftName[position + offset] == expected else { return false }
        }
        position += word.count
        return true
    }

    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    @inline(__always)
    private static func uppercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }
}
