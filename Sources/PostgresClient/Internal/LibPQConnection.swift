import CLibPQ
import Foundation

/// Owns one `PGconn` and finishes it in `deinit`. Not thread-safe: it is created, used and released
/// on one worker thread (a pool slot's or the listener's). Results it returns are `LibPQResult`s,
/// which may outlive it.
final class LibPQConnection {
    struct Outcome: Sendable {
        var rows: [PostgresRow]
        var affectedRows: Int
    }

    /// Written by the notice receiver, which libpq calls synchronously on the connection's thread.
    /// Released after `connection` (stored properties outlive `deinit`'s body, which finishes it).
    private final class NoticeState {
        var serverTerminating = false
    }

    private let connection: OpaquePointer
    private let notices = NoticeState()
    /// Statements prepared on this connection, by SQL text and parameter types (the same SQL bound
    /// with other types must be prepared again, or the server would keep reading the first types).
    private var preparedStatements: [StatementKey: String] = [:]
    private var statementCounter = 0

    private init(_ connection: OpaquePointer) {
        self.connection = connection
        // libpq prints notices (e.g. "table does not exist, skipping") to stderr by default; they
        // can quote values and are not errors, so they are dropped. One matters: a FATAL sent to
        // an idle session (terminated backend, server shutdown) arrives as a notice and means the
        // server is about to close the connection.
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result,
                  let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V")))  // PG_DIAG_SEVERITY_NONLOCALIZED
            else { return }
            let level = String(cString: severity)
            if level == "FATAL" || level == "PANIC" {
                Unmanaged<NoticeState>.fromOpaque(context).takeUnretainedValue().serverTerminating = true
            }
        }, Unmanaged.passUnretained(notices).toOpaque())
    }

    deinit { PQfinish(connection) }

    /// Opens a connection, blocking up to the configured connect timeout.
    /// - Throws: `.timeout` when the timeout expired, `.connection` otherwise.
    static func connect(_ configuration: PostgresConfiguration) throws(PostgresError) -> LibPQConnection {
        let pairs = configuration.libpqParameters()
        let raw = withCStringArray(pairs.map(\.0)) { keywords in
            withCStringArray(pairs.map(\.1)) { values in
                // expand_dbname = 0: a database name is never parsed as a connection string.
                PQconnectdbParams(keywords, values, 0)
            }
        }
        guard let raw else {
            throw PostgresError(code: .connection, detail: "libpq could not allocate a connection")
        }
        let connection = LibPQConnection(raw)
        guard PQstatus(raw) == CONNECTION_OK else {
            let message = connection.errorMessage
            var error = message.contains("timeout expired")
                ? PostgresError(code: .timeout, detail: "connecting timed out")
                : PostgresError(code: .connection, detail: "could not connect")
            error.connectionFailureReason = message
            throw error
        }
        return connection
    }

    /// libpq's own message for the last failure. Used for logs of connection failures only (it names
    /// host, port and user, never the password); query errors are never read from here.
    var errorMessage: String {
        guard let text = PQerrorMessage(connection) else { return "" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var isBroken: Bool { notices.serverTerminating || PQstatus(connection) != CONNECTION_OK }

    var isIdle: Bool { PQtransactionStatus(connection) == PQTRANS_IDLE }

    var socket: Int32 { PQsocket(connection) }

    /// The connection keywords this libpq accepts (`PQconndefaults`).
    static func knownKeywords() -> Set<String> {
        guard let defaults = PQconndefaults() else { return [] }
        defer { PQconninfoFree(defaults) }
        var names: Set<String> = []
        var option = defaults
        while let keyword = option.pointee.keyword {
            names.insert(String(cString: keyword))
            option += 1
        }
        return names
    }

    /// Detects a connection the server closed while it sat idle in the pool (restart, terminate),
    /// without a round trip: only when the socket is readable does libpq read what arrived.
    func isUsable() -> Bool {
        // A terminated backend first sends its FATAL message (which libpq takes as a notice while
        // idle) and then closes: the close is only seen by a second read, hence the loop.
        for _ in 0..<4 {
            guard !isBroken else { return false }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return true }
            guard PQconsumeInput(connection) == 1, !isBroken else { return false }
            // Notifications for a LISTEN issued on a pooled connection would pile up otherwise.
            while let notification = PQnotifies(connection) { PQfreemem(notification) }
        }
        return !isBroken
    }

    /// Runs a statement fixed in code (BEGIN, COMMIT, LISTEN "quoted"): no parameters, one round trip.
    func executeConstant(_ sql: String) throws(PostgresError) -> String {
        guard let raw = PQexec(connection, sql) else { throw failure(nil) }
        let result = LibPQResult(raw)
        guard result.isSuccess else { throw failure(result) }
        return result.commandStatus
    }

    /// Runs a parameterised query; values never enter the SQL text.
    func execute(_ query: PostgresQuery, prepare: Bool, preparedLimit: Int) throws(PostgresError) -> Outcome {
        let sql = query.sql
        guard prepare else { return try outcome(of: execParams(sql, query)) }
        let key = StatementKey(sql: sql, types: query.binds.map(\.type.rawValue))
        for attempt in 0..<2 {
            let name: String
            if let known = preparedStatements[key] {
                name = known
            } else if preparedStatements.count < preparedLimit {
                statementCounter += 1
                name = "relais_\(statementCounter)"
                try prepareStatement(name: name, sql: sql, query: query)
                preparedStatements[key] = name
            } else {
                return try outcome(of: execParams(sql, query))
            }
            let result = execPrepared(name, query)
            let (sqlState, _) = result?.errorFields() ?? (nil, nil)
            // 26000: someone ran DEALLOCATE/DISCARD; 0A000: the table changed under a cached plan.
            // Outside a transaction the failed statement left no effect, so one fresh try is safe.
            if attempt == 0, let result, !result.isSuccess, sqlState == "26000" || sqlState == "0A000" {
                preparedStatements[key] = nil
                if isIdle {
                    if sqlState == "0A000" { _ = try? executeConstant("DEALLOCATE \(name)") }
                    continue
                }
            }
            return try outcome(of: result)
        }
        return try outcome(of: execParams(sql, query))
    }

    private func outcome(of result: LibPQResult?) throws(PostgresError) -> Outcome {
        guard let result, result.isSuccess else {
            if let result, result.isCopy {
                // COPY is not supported through this API; the connection is left mid-protocol, so it
                // is reset rather than reused.
                PQreset(connection)
                throw PostgresError(code: .invalidQuery, detail: "COPY is not supported")
            }
            throw failure(result)
        }
        return Outcome(rows: result.rows(), affectedRows: result.affectedRows)
    }

    /// Maps a failed result (or a missing one) to an error; a dead connection wins over the SQLSTATE.
    private func failure(_ result: LibPQResult?) -> PostgresError {
        let fields: (sqlState: String?, constraint: String?) = result?.errorFields() ?? (nil, nil)
        if isBroken {
            return PostgresError(code: .connection, detail: "connection lost", sqlState: fields.sqlState)
        }
        guard result != nil else {
            return PostgresError(code: .connection, detail: "no result from libpq")
        }
        return PostgresError.fromServer(sqlState: fields.sqlState, constraint: fields.constraint)
    }

    private func prepareStatement(name: String, sql: String, query: PostgresQuery) throws(PostgresError) {
        let types = query.binds.map(\.type.rawValue)
        let raw = PQprepare(connection, name, sql, Int32(types.count), types)
        guard let raw else { throw failure(nil) }
        let result = LibPQResult(raw)
        guard result.isSuccess else { throw failure(result) }
    }

    private func execParams(_ sql: String, _ query: PostgresQuery) -> LibPQResult? {
        let types = query.binds.map(\.type.rawValue)
        return withParameters(query.binds) { values, lengths, formats in
            PQexecParams(connection, sql, Int32(types.count), types, values, lengths, formats, 0)
        }.map(LibPQResult.init)
    }

    private func execPrepared(_ name: String, _ query: PostgresQuery) -> LibPQResult? {
        withParameters(query.binds) { values, lengths, formats in
            PQexecPrepared(connection, name, Int32(query.binds.count), values, lengths, formats, 0)
        }.map(LibPQResult.init)
    }

    /// Lays every value out in one buffer, NUL-terminated (text values need it; a trailing NUL also
    /// keeps an empty bytea from looking like a NULL pointer), and passes pointers into it. The
    /// buffer outlives the libpq call, which copies the values before returning.
    private func withParameters<R>(
        _ binds: [PostgresQuery.Bind],
        _ body: ([UnsafePointer<CChar>?], [Int32], [Int32]) -> R
    ) -> R {
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        offsets.reserveCapacity(binds.count)
        for bind in binds {
            switch bind.value {
            case .null:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                offsets.append(storage.count)
                storage.append(contentsOf: text.utf8)
                lengths.append(0)
                formats.append(0)
            case .binary(let bytes):
                offsets.append(storage.count)
                storage.append(contentsOf: bytes)
                lengths.append(Int32(truncatingIfNeeded: bytes.count))  // bounded by `PostgresQuery.validated()`
                formats.append(1)
            }
            storage.append(0)
        }
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress)
            let values = offsets.map { offset in
                offset.flatMap { base?.advanced(by: $0).assumingMemoryBound(to: CChar.self) }
            }
            return body(values, lengths, formats)
        }
    }

    // MARK: - LISTEN support

    /// Quotes an identifier with libpq's own rules (`PQescapeIdentifier`).
    func quotedIdentifier(_ name: String) -> String? {
        let utf8 = Array(name.utf8)
        guard let escaped = PQescapeIdentifier(connection, name, utf8.count) else { return nil }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Reads what arrived on the socket; false when the connection is gone.
    func consumeInput() -> Bool { PQconsumeInput(connection) == 1 && !isBroken }

    /// Takes the notifications libpq has buffered, copying them out and freeing libpq's copies.
    func takeNotifications() -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notification = PQnotifies(connection) {
            let channel = notification.pointee.relname.map { String(cString: $0) } ?? ""
            let payload = notification.pointee.extra.map { String(cString: $0) } ?? ""
            received.append(PostgresNotification(
                channel: channel, payload: payload, processID: notification.pointee.be_pid))
            PQfreemem(notification)
        }
        return received
    }
}

private struct StatementKey: Hashable {
    let sql: String
    let types: [UInt32]
}

/// Passes `strings` as a NULL-terminated array of C strings, valid only during `body`.
private func withCStringArray<R>(
    _ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R
) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
}
