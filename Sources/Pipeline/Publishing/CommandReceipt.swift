import Foundation

/// Where an acknowledged command was stored.
public struct CommandReceipt: Sendable, Hashable {
    public let commandID: UUID
    public let topic: String
    public let partition: Int32
    public let offset: Int64

    public init(commandID: UUID, topic: String, partition: Int32, offset: Int64) {
        self.commandID = commandID
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
