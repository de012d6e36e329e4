import Foundation
import Synchronization

/// Every socket of one relay process, indexed by user and by room for the fan-out.
///
/// One lock guards the indexes; it is held only to read or change them, never while a frame is
/// written (frames go into each socket's own queue).
final class ConnectionRegistry: Sendable {
    private struct State {
        var nextID: UInt64 = 1
        var all: [UInt64: RelayConnection] = [:]
        var users: [UUID: [UInt64: RelayConnection]] = [:]
        var rooms: [String: [UInt64: RelayConnection]] = [:]
        var roomsOf: [UInt64: Set<String>] = [:]
        var accepting = true
    }

    private let state = Mutex(State())

    /// Registers a new socket; nil once the relay is shutting down.
    func add(_ make: (UInt64) -> RelayConnection) -> RelayConnection? {
        state.withLock { state in
            guard state.accepting else { return nil }
            let connection = make(state.nextID)
            state.nextID += 1
            state.all[connection.id] = connection
            return connection
        }
    }

    /// Indexes an authenticated socket under its user.
    func addUser(_ userID: UUID, _ connection: RelayConnection) {
        state.withLock { $0.users[userID, default: [:]][connection.id] = connection }
    }

    func join(_ room: String, _ connection: RelayConnection) {
        state.withLock { state in
            guard state.all[connection.id] != nil else { return }
            state.rooms[room, default: [:]][connection.id] = connection
            state.roomsOf[connection.id, default: []].insert(room)
        }
    }

    func leave(_ room: String, _ connection: RelayConnection) {
        state.withLock { state in
            Self.remove(connection.id, fromRoom: room, in: &state)
            state.roomsOf[connection.id]?.remove(room)
        }
    }

    /// Forgets a socket everywhere.
    /// - Returns: the user whose socket it was, if it had authenticated.
    @discardableResult
    func remove(_ connection: RelayConnection) -> UUID? {
        let userID = connection.authentication?.userID
        state.withLock { state in
            state.all[connection.id] = nil
            for room in state.roomsOf.removeValue(forKey: connection.id) ?? [] {
                Self.remove(connection.id, fromRoom: room, in: &state)
            }
            if let userID {
                state.users[userID]?[connection.id] = nil
                if state.users[userID]?.isEmpty == true { state.users[userID] = nil }
            }
        }
        return userID
    }

    /// Refuses new sockets from now on and returns every current one.
    func stopAccepting() -> [RelayConnection] {
        state.withLock { state in
            state.accepting = false
            return Array(state.all.values)
        }
    }

    func connections(ofUser userID: UUID) -> [RelayConnection] {
        state.withLock { $0.users[userID].map { Array($0.values) } ?? [] }
    }

    func connections(inRoom room: String) -> [RelayConnection] {
        state.withLock { $0.rooms[room].map { Array($0.values) } ?? [] }
    }

    var all: [RelayConnection] { state.withLock { Array($0.all.values) } }
    var count: Int { state.withLock { $0.all.count } }
    func socketCount(ofUser userID: UUID) -> Int { state.withLock { $0.users[userID]?.count ?? 0 } }
    var socketCountsByUser: [UUID: Int] { state.withLock { $0.users.mapValues(\.count) } }

    private static func remove(_ id: UInt64, fromRoom room: String, in state: inout State) {
        state.rooms[room]?[id] = nil
        if state.rooms[room]?.isEmpty == true { state.rooms[room] = nil }
    }
}
