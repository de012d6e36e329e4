import Foundation
import Identity
import NIOCore
import NIOWebSocket
import Synchronization
import HummingbirdWebSocket

/// One socket's outbound side: a bounded queue of text frames drained by the socket's writer,
/// the identity it authenticated as, and the rooms it joined.
///
/// Producers (the fan-out loop, the socket's reader) never wait: a frame either fits in the
/// queue or the socket is closed as a slow consumer and its queue is freed, so a client that
/// stops reading holds at most `bound` frames.
final class RelayConnection: Sendable {
    /// What the writer does next.
    enum Next {
        case frame([UInt8])
        case close(RelayClose)
        case finished
    }

    /// The result of offering a frame.
    enum Offer: Equatable {
        case queued
        /// The socket is closing or gone: the frame was dropped.
        case dropped
        /// The queue was full: the socket is being closed as a slow consumer.
        case overflowed
    }

    struct Authentication: Sendable {
        let userID: UUID
        let tokenID: UUID
        let sessionID: UUID
        let expiresAt: Date
    }

    private struct State {
        var queue = CircularBuffer<[UInt8]>()
        var waiter: CheckedContinuation<Next, Never>?
        var close: RelayClose?
        var closeDelivered = false
        var finished = false
        var authentication: Authentication?
        /// Non-nil while stored frames are replayed: live user-channel frames wait here.
        var replayBuffer: [[UInt8]]?
        var rooms: Set<String> = []
    }

    let id: UInt64
    /// When an unauthenticated socket is closed.
    let authenticationDeadline: ContinuousClock.Instant
    private let bound: Int
    private let closeGracePeriod: Duration
    /// The TCP connection, closed directly when the peer does not answer our close frame.
    private let channel: any Channel
    private let state = Mutex(State())

    init(id: UInt64, channel: any Channel, bound: Int, authenticationDeadline: ContinuousClock.Instant, closeGracePeriod: Duration) {
        self.id = id
        self.channel = channel
        self.bound = bound
        self.authenticationDeadline = authenticationDeadline
        self.closeGracePeriod = closeGracePeriod
    }

    var authentication: Authentication? { state.withLock { $0.authentication } }
    var isClosing: Bool { state.withLock { $0.close != nil || $0.finished } }
    var queuedFrames: Int { state.withLock { $0.queue.count + ($0.replayBuffer?.count ?? 0) } }
    /// The queued frames in order (tests inspect the queue without a socket).
    var queuedSnapshot: [[UInt8]] { state.withLock { Array($0.queue) } }
    func hasJoined(_ room: String) -> Bool { state.withLock { $0.rooms.contains(room) } }

    /// Records the identity and queues `connected` as the socket's first frame; with `replaying`,
    /// live user-channel frames are held back until `finishReplay`.
    func authenticate(_ authentication: Authentication, connectedFrame: [UInt8], replaying: Bool) -> Bool {
        state.withLock { state in
            guard state.close == nil, !state.finished else { return false }
            state.authentication = authentication
            state.replayBuffer = replaying ? [] : nil
            return Self.append(connectedFrame, to: &state, bound: bound) == .queued
        }
    }

    /// Adds or removes a room; false when the socket is closing.
    func setJoined(_ room: String, _ joined: Bool) -> Bool {
        state.withLock { state in
            guard state.close == nil else { return false }
            if joined { state.rooms.insert(room) } else { state.rooms.remove(room) }
            return true
        }
    }

    var rooms: Set<String> { state.withLock { $0.rooms } }

    /// Queues a frame for the socket (replies, room frames, replayed frames).
    @discardableResult
    func send(_ frame: [UInt8]) -> Offer {
        let offer = state.withLock { Self.append(frame, to: &$0, bound: bound) }
        if offer == .overflowed { closeAfterOverflow() }
        return offer
    }

    /// Queues a live frame from the user's channel, held back while a replay runs.
    @discardableResult
    func sendLive(_ frame: [UInt8]) -> Offer {
        let offer = state.withLock { state -> Offer in
            guard state.replayBuffer != nil else { return Self.append(frame, to: &state, bound: bound) }
            guard state.close == nil, !state.finished else { return .dropped }
            // Held frames count against the same bound as queued ones.
            guard state.queue.count + (state.replayBuffer?.count ?? 0) < bound else {
                Self.startClose(.slowConsumer, in: &state)
                return .overflowed
            }
            state.replayBuffer?.append(frame)
            return .queued
        }
        if offer == .overflowed { closeAfterOverflow() }
        return offer
    }

    /// Ends a replay: held live frames whose stream id is at most `lastDelivered` were already
    /// replayed (or seen by the client) and are dropped; the rest are queued in arrival order.
    func finishReplay(lastDelivered: StreamID) {
        let offer = state.withLock { state -> Offer in
            let held = state.replayBuffer ?? []
            state.replayBuffer = nil
            for frame in held {
                if let id = StreamID.leading(in: frame), id <= lastDelivered { continue }
                let offer = Self.append(frame, to: &state, bound: bound)
                if offer != .queued { return offer }
            }
            return .queued
        }
        if offer == .overflowed { closeAfterOverflow() }
    }

    /// Asks the writer to send a close frame (queued frames are dropped); if the peer has not
    /// completed the close within the grace period, the TCP connection is dropped. Idempotent.
    func close(_ close: RelayClose) {
        let started = state.withLock { state -> Bool in
            guard state.close == nil, !state.finished else { return false }
            Self.startClose(close, in: &state)
            return true
        }
        if started { dropConnection(after: closeGracePeriod) }
    }

    /// Ends the writer without a close frame (the reader saw the socket end). Idempotent.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Next, Never>? in
            state.finished = true
            state.queue = CircularBuffer()
            state.replayBuffer = nil
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: .finished)
    }

    /// Drains the queue into the socket until the connection finishes or a close was sent.
    func writeFrames(to outbound: WebSocketOutboundWriter) async {
        while true {
            switch await next() {
            case .frame(let bytes):
                do {
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: bytes))))
                } catch {
                    return
                }
            case .close(let close):
                try? await outbound.close(.unknown(close.code), reason: close.reason)
                return
            case .finished:
                return
            }
        }
    }

    private func next() async -> Next {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Next, Never>) in
                let ready = state.withLock { state -> Next? in
                    if let close = state.close, !state.closeDelivered {
                        state.closeDelivered = true
                        return .close(close)
                    }
                    if state.finished || state.closeDelivered { return .finished }
                    if let frame = state.queue.popFirst() { return .frame(frame) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }

    private static func append(_ frame: [UInt8], to state: inout State, bound: Int) -> Offer {
        guard state.close == nil, !state.finished else { return .dropped }
        guard state.queue.count < bound else {
            startClose(.slowConsumer, in: &state)
            return .overflowed
        }
        if let waiter = state.waiter {
            state.waiter = nil
            waiter.resume(returning: .frame(frame))
        } else {
            state.queue.append(frame)
        }
        return .queued
    }

    /// Frees the queue and wakes the writer (resuming under the lock is fine: the continuation
    /// only schedules the waiting task).
    private static func startClose(_ close: RelayClose, in state: inout State) {
        state.close = close
        state.queue = CircularBuffer()
        state.replayBuffer = nil
        if let waiter = state.waiter {
            state.waiter = nil
            state.closeDelivered = true
            waiter.resume(returning: .close(close))
        }
    }

    /// A client that stopped reading will not read our close frame either: its writer is stuck
    /// behind a full TCP buffer, so the connection is dropped after a short grace.
    private func closeAfterOverflow() {
        dropConnection(after: min(closeGracePeriod, .seconds(1)))
    }

    private func dropConnection(after delay: Duration) {
        let channel = self.channel
        Task {
            try? await Task.sleep(for: delay)
            channel.close(promise: nil)
        }
    }
}
