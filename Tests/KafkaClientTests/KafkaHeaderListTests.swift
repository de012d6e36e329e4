import Testing

@testable import KafkaClient

@Suite("Consumed headers in one buffer")
struct KafkaHeaderListTests {
    static let headers = [
        KafkaHeader(key: "relais-type", string: "SendEmail"),
        KafkaHeader(key: "", value: []),
        KafkaHeader(key: "été", value: [0, 0xFF, 0x80]),
        KafkaHeader(key: "relais-type", string: "Later"),
        KafkaHeader(key: "big", value: Array(repeating: 7, count: 70_000)),
    ]

    @Test("headers come back in record order with repeated names, empty and binary values")
    func roundTrip() {
        let list = KafkaHeaderList(Self.headers)
        #expect(list.headers == Self.headers)
        #expect(list.map { Array($0.name) } == Self.headers.map { Array($0.key.utf8) })
        #expect(KafkaHeaderList([]).isEmpty && KafkaHeaderList([]).headers.isEmpty)
    }

    @Test("the last header of a name wins; an absent name reads nil")
    func lastNamed() {
        let list = KafkaHeaderList(Self.headers)
        #expect(list.last(named: "relais-type").map(Array.init) == Array("Later".utf8))
        #expect(list.last(named: "").map(Array.init) == [])
        #expect(list.last(named: "été").map(Array.init) == [0, 0xFF, 0x80])
        #expect(list.last(named: "relais-typ") == nil)
    }

    @Test("a message is a value: changing a copy leaves the original as it was")
    func copyOnWrite() {
        let original = KafkaMessage(topic: "t", partition: 1, offset: 2, key: [1], value: [2], headers: Self.headers, timestamp: nil)
        var copy = original
        copy.headers = []
        copy.value = [9]
        copy.offset = 3
        #expect(original.headers == Self.headers && original.value == [2] && original.offset == 2)
        #expect(copy.headers.isEmpty && copy.value == [9] && copy.offset == 3 && copy.topic == "t")
        #expect(original.header("relais-type") == Array("Later".utf8))
    }
}
