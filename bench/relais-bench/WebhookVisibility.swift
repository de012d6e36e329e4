import Foundation
import NIOCore
import Synchronization

/// The webhooks benchmark's clock: when each event was sent, and how long until it was seen
/// applied. Seen = listed as `processed` by `GET /v1/admin/webhook-events`, which the worker
/// sets in the same PostgreSQL transaction that grants the entitlement, so both become visible
/// at the same commit.
final class WebhookVisibility: Sendable {
    private let state = Mutex<(sent: [String: ContinuousClock.Instant], latencies: [Double], sending: Bool)>(([:], [], true))

    func sent(_ eventID: String, at instant: ContinuousClock.Instant) {
        state.withLock { $0.sent[eventID] = instant }
    }

    /// Records the latency of every event of `eventIDs` still waiting.
    func seen(_ eventIDs: [String]) {
        let now = ContinuousClock.now
        state.withLock { state in
            for id in eventIDs {
                guard let sent = state.sent.removeValue(forKey: id) else { continue }
                state.latencies.append(BenchSettings.seconds(now - sent) * 1_000)
            }
        }
    }

    /// Every event has been sent: the observer stops once none is waiting.
    func finishSending() { state.withLock { $0.sending = false } }

    var waiting: Int { state.withLock { $0.sent.count } }
    var latencies: [Double] { state.withLock { $0.latencies.sorted() } }

    /// Polls the newest processed events every `interval` until sending is over and nothing is
    /// waiting, or `timeout` passes after the last send. One page of 100 covers 200 ms of events
    /// at 500/s; an event that fell out of it is never seen and the run reports fewer seen than
    /// sent (as a failed run), never a shorter latency.
    func observe(with client: LoadClient, adminToken: String, interval: Duration, timeout: Duration) async {
        let request = LoadRequest(path: "/v1/admin/webhook-events?status=processed&limit=100",
                                  headers: [("Authorization", "Bearer \(adminToken)")])
        var finishedSending: ContinuousClock.Instant?
        while true {
            if finishedSending == nil, !state.withLock({ $0.sending }) { finishedSending = .now }
            if let finishedSending, waiting == 0 || ContinuousClock.now - finishedSending > timeout { return }
            if let response = try? await client.send(request), response.status == 200 {
                seen(Self.eventIDs(in: response.body))
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// The values of the `"id"` members of a page of events, read straight from the bytes: the
    /// observer polls 100 times a second, and a JSON decoder (or a generic collection search,
    /// which was ~1.6 % of the box) would cost the server's cores.
    static func eventIDs(in body: ByteBuffer) -> [String] {
        let marker = Array(#""id":""#.utf8)
        return body.withUnsafeReadableBytes { bytes -> [String] in
            var ids: [String] = []
            var index = 0
            while let quote = bytes[index...].firstIndex(of: marker[0]) {
                let start = quote + marker.count
                guard start <= bytes.count else { break }
                guard bytes[quote..<start].elementsEqual(marker) else {
                    index = quote + 1
                    continue
                }
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { break }
                ids.append(String(decoding: bytes[start..<end], as: UTF8.self))
                index = end + 1
            }
            return ids
        }
    }
}
