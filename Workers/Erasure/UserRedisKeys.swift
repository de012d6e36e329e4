import Foundation
import RedisClient

/// The Redis keys that belong to one user: the relay's stream and presence, rate-limit buckets
/// keyed by user id, anything a later module names after the user. They are found by the user
/// id inside the key name, in both spellings, with `SCAN` (never `KEYS`, which blocks Redis).
///
/// Denylist keys are named after token and session ids, not the user id, so they survive: they
/// must outlive the erasure to keep refusing tokens still in flight.
enum UserRedisKeys {
    /// Deletes them. - Returns: how many keys were deleted.
    /// - Throws: `RedisError` (the erasure step is retried).
    static func delete(userID: UUID, in redis: RedisClient) async throws -> Int {
        var deleted = 0
        for spelling in Set([userID.uuidString.lowercased(), userID.uuidString]) {
            var cursor = "0"
            repeat {
                let reply = try await redis.send(["SCAN", .string(cursor), "MATCH", .string("*\(spelling)*"), "COUNT", "1000"])
                guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                    throw RedisError(code: .protocolError, message: "unexpected reply to SCAN")
                }
                cursor = next
                let keys = (parts[1].array ?? []).compactMap(\.string)
                if !keys.isEmpty {
                    let reply = try await redis.send([.string("UNLINK")] + keys.map { .string($0) })
                    deleted += Int(reply.int ?? 0)
                }
            } while cursor != "0"
        }
        return deleted
    }
}
