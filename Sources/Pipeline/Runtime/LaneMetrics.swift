import Metrics

/// The per-message metrics of one partition lane, created once: looking a metric up in the
/// registry for every message costs more than handling a no-op command.
struct LaneMetrics: Sendable {
    let handled: Counter
    let duration: Timer
    /// Messages not yet handled behind the last settled one (from the cached high watermark).
    let lagMessages: Gauge
    /// Age of the last settled message when the lane is behind, 0 when caught up.
    let lagSeconds: Gauge

    init(topic: String, partition: Int32) {
        // Handled and latency are per topic (retry topics count under their own name).
        handled = Counter(label: "relais_worker_handled_total", dimensions: [("topic", topic)])
        duration = Timer(label: "relais_worker_handler_duration_seconds", dimensions: [("topic", topic)])
        let dimensions = [("topic", topic), ("partition", String(partition))]
        lagMessages = Gauge(label: "relais_worker_lag_messages", dimensions: dimensions)
        lagSeconds = Gauge(label: "relais_worker_lag_seconds", dimensions: dimensions)
    }
}
