import Foundation
import Pipeline
import TestSupport

/// A command used only by these tests, on a topic created for this test run.
struct RecordVisit: Command, Equatable {
    static let topic = TopicName(TestStack.uniqueName("test.visits"))
    static let commandType = CommandType("RecordVisit", version: 2, topic: topic)

    let visitorID: UUID
    let page: String
    let at: Date

    var orderingKey: String { visitorID.uuidString.lowercased() }
}
