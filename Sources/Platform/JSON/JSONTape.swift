import Foundation

/// A JSON text parsed once into a flat array of values in document order (a "tape"), so that
/// decoding walks indices into the original bytes instead of building dictionaries and strings
/// for every object. Objects lay out each member as its key (a string node) followed by its
/// value; a container node knows where its last descendant ends, so skipping a value is one step.
final class JSONTape: Sendable {
    enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null

        var name: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .true, .false: "a boolean"
            case .null: "null"
            }
        }
    }

    struct Node: Sendable {
        var kind: Kind
        /// A string without escapes, or a number without fraction or exponent: read directly.
        var isPlain: Bool
        /// Strings: the bytes between the quotes. Numbers: the number's text. Containers: unused.
        var start: Int32
        var end: Int32
        /// Containers: how many members or elements.
        var count: Int32
        /// The index of the node that follows this value and everything inside it.
        var next: Int32
    }

    let bytes: [UInt8]
    let nodes: [Node]

    /// - Throws: `DecodingError.dataCorrupted` naming the first offending byte offset.
    init(parsing bytes: [UInt8]) throws {
        self.bytes = bytes
        nodes = try JSONTapeParser.parse(bytes)
    }

    /// A null node after the document, for what reads an absent member as null (`superDecoder`).
    var absentIndex: Int { nodes.count - 1 }

    /// The index of the value after the one at `index` (skipping its contents).
    @inline(__always)
    func after(_ index: Int) -> Int { Int(nodes[index].next) }

    /// The text of the string node at `index`, unescaped.
    func string(at index: Int) -> String {
        let node = nodes[index]
        let range = Int(node.start)..<Int(node.end)
        return bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[range])
            return node.isPlain ? String(decoding: slice, as: UTF8.self) : JSONStringUnescaper.unescape(slice)
        }
    }

    /// Runs `body` over the raw bytes of a node (its content, quotes excluded).
    func withBytes<R>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let node = nodes[index]
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)]))
        }
    }

    /// The text of a number node, as written.
    func numberText(at index: Int) -> String {
        withBytes(of: index) { String(decoding: $0, as: UTF8.self) }
    }
}
