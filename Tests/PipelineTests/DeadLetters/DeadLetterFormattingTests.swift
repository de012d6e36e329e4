import Foundation
@testable import Pipeline
import Testing

/// The pure parts of `relais dlq list`: reading `--since` and laying out the table.
@Suite("Dead-letter list formatting")
struct DeadLetterFormattingTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("--since accepts an age counted back from now, or an RFC 3339 time, and nothing else")
    func sinceText() {
        #expect(SinceText.parse("24h", now: now) == now.addingTimeInterval(-86_400))
        #expect(SinceText.parse("7d", now: now) == now.addingTimeInterval(-7 * 86_400))
        #expect(SinceText.parse("30m", now: now) == now.addingTimeInterval(-1_800))
        #expect(SinceText.parse("2025-06-01T00:00:00Z", now: now) == Date(timeIntervalSince1970: 1_748_736_000))
        #expect(SinceText.parse("2025-06-01T00:00:00.250Z", now: now) == Date(timeIntervalSince1970: 1_748_736_000.25))
        for bad in ["", "yesterday", "-1d", "1w", "24 h", "2025-06-01"] {
            #expect(SinceText.parse(bad, now: now) == nil, "\(bad)")
        }
    }

    @Test("ages are shown in their largest whole unit")
    func ages() {
        #expect(DeadLetterTable.age(42) == "42s")
        #expect(DeadLetterTable.age(17 * 60 + 5) == "17m")
        #expect(DeadLetterTable.age(5 * 3_600 + 59) == "5h")
        #expect(DeadLetterTable.age(3 * 86_400 + 1) == "3d")
        #expect(DeadLetterTable.age(-3) == "0s", "clock skew never shows a negative age")
    }

    @Test("the table aligns its columns, clips long keys and never shows the error message")
    func table() throws {
        let open = summary(key: "user-1", createdAt: now.addingTimeInterval(-90), replayedAt: nil)
        let replayed = summary(key: String(repeating: "k", count: 50), createdAt: now.addingTimeInterval(-7_200), replayedAt: now)
        let lines = DeadLetterTable.render([open, replayed], now: now)

        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID"))
        let topicColumn = try #require(lines[0].range(of: "TOPIC")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst() {
            #expect(line.range(of: "test.visits")?.lowerBound.utf16Offset(in: line) == topicColumn)
            #expect(!line.contains("secret message"))
        }
        #expect(lines[1].contains(" 1m ") && lines[1].hasSuffix("open"))
        #expect(lines[2].contains(" 2h ") && lines[2].hasSuffix("replayed"))
        #expect(lines[2].contains(String(repeating: "k", count: 35) + "…"))
        #expect(!lines[2].contains(String(repeating: "k", count: 36)))
    }

    private func summary(key: String, createdAt: Date, replayedAt: Date?) -> DeadLetterSummary {
        DeadLetterSummary(
            id: UUIDv7.make(at: createdAt), consumerGroup: "relais.visits", sourceTopic: "test.visits", sourcePartition: 2,
            sourceOffset: 41, deadLetterTopic: "test.visits.dlq", commandID: UUIDv7.make(), commandType: "RecordVisit", key: key,
            attempts: 3, errorCode: "always_down", errorMessage: "secret message", firstFailureAt: createdAt,
            lastFailureAt: createdAt, createdAt: createdAt, replayedAt: replayedAt, discardedAt: nil)
    }
}
