import Foundation
import RedisClient

/// Delivers a frame to a user: stored in their capped stream (for recovery), then published on
/// their channel (for live sockets).
///
/// Redis is outside the worker's transaction: a crash between storing and publishing leaves the
/// frame in the stream only, where a reconnecting client finds it; a redelivered command can
/// publish a frame twice (clients dedupe by `stream_id`, the relay by the ids it replayed).
public struct UserStreamPublisher: Sendable {
    /// Frames kept per user (approximately: `MAXLEN ~` lets Redis trim whole nodes).
    public static let maximumLength = 100
    /// A stream idle this long is dropped.
    public static let retention: Duration = .seconds(24 * 3600)

    let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    /// Stores and publishes `frame` (a JSON object) for `userID`.
    /// - Returns: the stream id Redis gave the frame.
    /// - Throws: `RedisError` when Redis is unavailable (the handler retries).
    @discardableResult
    public func publish(_ frame: [UInt8], to userID: UUID) async throws -> String {
        let stream = RealtimeChannels.userStream(userID)
        let replies = try await redis.pipeline([
            ["XADD", .string(stream), "MAXLEN", "~", .int(Self.maximumLength), "*", "frame", .bytes(frame)],
            ["EXPIRE", .string(stream), .int(Int(Self.retention.components.seconds))],
        ])
        guard let streamID = replies.first?.string else {
            throw RedisError(code: .server, message: "XADD was refused: \(replies.first?.errorMessage ?? "no reply")")
        }
        try await redis.publish(RealtimeChannels.user(userID), RealtimeFrame.withStreamID(frame, streamID))
        return streamID
    }
}
