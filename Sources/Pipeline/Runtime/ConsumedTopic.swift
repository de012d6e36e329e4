/// A consumed topic as the runtime needs it: the declared topic it belongs to, and whether it is
/// that topic's retry topic. A partition lane resolves it once, not once per message.
struct ConsumedTopic: Sendable {
    let spec: TopicSpec
    let isRetry: Bool

    /// Nil when `name` is neither a declared topic nor a declared topic's retry topic.
    init?(_ name: String, in catalogue: TopicCatalogue) {
        if let spec = catalogue.topic(named: name) {
            self.spec = spec
            isRetry = false
        } else if let spec = catalogue.sourceTopic(ofRetryTopic: name) {
            self.spec = spec
            isRetry = true
        } else {
            return nil
        }
    }
}
