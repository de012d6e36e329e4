import Foundation
import Pipeline
import Testing

@Suite("topics.yaml catalogue")
struct TopicCatalogueTests {
    static let realFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../topics.yaml").standardized.path

    @Test("the real topics.yaml validates, and every command topic has a declared dead-letter topic")
    func realFileValidates() throws {
        let catalogue = try TopicCatalogue.load(path: Self.realFile)
        #expect(Set(catalogue.workers.map(\.kind)) == ["webhooks", "email", "notifications", "learning", "stats", "erasure"])
        for topic in catalogue.topics where topic.worker != nil {
            let deadLetter = try #require(topic.deadLetter, "\(topic.name) has no dead-letter topic")
            #expect(catalogue.topic(named: deadLetter) != nil)
            #expect(!topic.commands.isEmpty, "\(topic.name) carries no command")
        }
        #expect(catalogue.topic(named: "notifications.dispatch")?.latency == .low)
        #expect(catalogue.topic(named: "privacy.requests")?.ordering == .strict)
        #expect(catalogue.topic(forCommand: "SendEmail")?.name == "email.send")
        #expect(catalogue.topic(named: "email.send")?.retry.attempts == 6)
        #expect(catalogue.topic(named: "email.send.dlq")?.kafkaConfigs["retention.ms"] == String(30 * 86_400_000))
        // Consumed topics with retries get a derived retry topic; dead-letter topics do not.
        #expect(catalogue.topic(named: "email.send")?.retryTopic == "email.send.retry")
        #expect(catalogue.topic(named: "email.send.dlq")?.retryTopic == nil)
        #expect(catalogue.kafkaTopics.contains { $0.name == "email.send.retry" && $0.worker == nil })
        #expect(catalogue.sourceTopic(ofRetryTopic: "email.send.retry")?.name == "email.send")
    }

    static let valid = """
        version: 1
        workers:
          email: { group: relais.email }
        topics:
          email.send:
            key: user id
            worker: email
            commands: [SendEmail]
            dead_letter: email.send.dlq
          email.send.dlq:
            key: same
        """

    @Test("a minimal catalogue inherits the defaults")
    func defaultsApply() throws {
        let catalogue = try TopicCatalogue.parse(yaml: Self.valid)
        let topic = try #require(catalogue.topic(named: "email.send"))
        #expect(topic.partitions == 6)
        #expect(topic.retry == .standard)
        #expect(topic.ordering == .partition)
        #expect(catalogue.topics(ownedBy: "email").map(\.name) == ["email.send"])
    }

    @Test("invalid catalogues fail with the path of the entry at fault", arguments: [
        // unknown key (typo)
        (valid.replacingOccurrences(of: "    key: user id", with: "    key: user id\n    retires: 3"), "topics.email.send.retires"),
        // missing dead-letter topic on a consumed topic
        (valid.replacingOccurrences(of: "    dead_letter: email.send.dlq\n", with: ""), "topics.email.send.dead_letter"),
        // dead-letter topic not declared
        (valid.replacingOccurrences(of: "dead_letter: email.send.dlq", with: "dead_letter: email.lost"), "topics.email.send.dead_letter"),
        // duplicate consumer group
        (valid.replacingOccurrences(of: "  email: { group: relais.email }", with: "  email: { group: relais.email }\n  sms: { group: relais.email }"),
         "workers.sms.group"),
        // worker not declared
        (valid.replacingOccurrences(of: "worker: email", with: "worker: fax"), "topics.email.send.worker"),
        // bad duration
        (valid.replacingOccurrences(of: "    key: same", with: "    key: same\n    retention: forever"), "topics.email.send.dlq.retention"),
        // out-of-range retry attempts
        (valid.replacingOccurrences(of: "    key: user id", with: "    key: user id\n    retry: { attempts: 0 }"), "topics.email.send.retry.attempts"),
        // unknown ordering
        (valid.replacingOccurrences(of: "    key: user id", with: "    key: user id\n    ordering: chaos"), "topics.email.send.ordering"),
        // missing key description
        (valid.replacingOccurrences(of: "    key: same", with: "    partitions: 1"), "topics.email.send.dlq.key"),
        // a declared topic colliding with a derived retry topic
        (valid + "\n  email.send.retry:\n    key: k", "topics.email.send.retry"),
        // unknown top-level key
        ("extra: 1\n" + valid, "extra"),
        // wrong version
        (valid.replacingOccurrences(of: "version: 1", with: "version: 2"), "version"),
    ])
    func invalidCatalogueNamesPath(yaml: String, path: String) {
        #expect {
            _ = try TopicCatalogue.parse(yaml: yaml)
        } throws: { error in
            (error as? CatalogueError)?.path == path
        }
    }

    @Test("a topic declared twice is refused, naming it")
    func duplicateTopic() {
        #expect {
            _ = try TopicCatalogue.parse(yaml: Self.valid + "\n  email.send:\n    key: again")
        } throws: { error in
            "\(error)".contains("email.send")
        }
    }

    @Test("a command type must resolve to a declared topic that lists it")
    func verifyCommandTypes() throws {
        let catalogue = try TopicCatalogue.parse(yaml: Self.valid)
        try catalogue.verify(commandTypes: [CommandType("SendEmail", topic: "email.send")])
        #expect(throws: CatalogueError.self) {
            try catalogue.verify(commandTypes: [CommandType("SendFax", topic: "email.send")])
        }
        #expect(throws: CatalogueError.self) {
            try catalogue.verify(commandTypes: [CommandType("SendEmail", topic: "email.sent")])
        }
    }
}
