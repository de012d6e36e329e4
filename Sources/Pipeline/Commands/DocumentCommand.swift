/// A command whose payload is an external JSON document kept byte for byte, such as a payment
/// provider's webhook event: the ingress forwards exactly the bytes whose signature it verified,
/// and the worker parses them itself (the provider's field names, not our snake_case coding).
///
/// The envelope carries `document` as its payload and rebuilds the command with
/// `init(document:)`; the Codable route is never taken for these commands.
public protocol DocumentCommand: Command {
    /// - Throws: when the bytes are not the document this command expects (a permanent error).
    init(document: [UInt8]) throws
    var document: [UInt8] { get }
}

extension DocumentCommand {
    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(Self.self) is read from its document bytes"))
    }

    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(document, .init(codingPath: [], debugDescription: "\(Self.self) travels as its document bytes"))
    }
}
