import CLibPQ

/// Owns one `PGresult` and clears it in `deinit`. Everything is copied out into Swift values
/// (`rows()`, `errorFields()`) before the result is released; nothing points into it afterwards.
/// It does not depend on its connection: libpq results outlive `PQfinish`.
final class LibPQResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    var status: ExecStatusType { PQresultStatus(result) }

    var isSuccess: Bool {
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: true
        default: false
        }
    }

    var isCopy: Bool {
        switch status {
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH: true
        default: false
        }
    }

    /// Rows affected (INSERT/UPDATE/DELETE/SELECT/MOVE/FETCH/COPY), 0 for other commands.
    var affectedRows: Int {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    /// The command tag, e.g. "COMMIT" or "ROLLBACK".
    var commandStatus: String {
        guard let text = PQcmdStatus(result) else { return "" }
        return String(cString: text)
    }

    /// SQLSTATE and constraint name; the message is deliberately not read (it can quote values).
    func errorFields() -> (sqlState: String?, constraint: String?) {
        (field(UInt8(ascii: "C")), field(UInt8(ascii: "n")))
    }

    // PG_DIAG_SQLSTATE ('C') and PG_DIAG_CONSTRAINT_NAME ('n') are char macros Swift cannot import;
    // the codes are fixed by the wire protocol.
    private func field(_ code: UInt8) -> String? {
        guard let value = PQresultErrorField(result, Int32(code)) else { return nil }
        return String(cString: value)
    }

    func rows() -> [PostgresRow] {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        guard columnCount > 0 else { return [] }
        var names: [String] = []
        var types: [PostgresDataType] = []
        for column in 0..<columnCount {
            names.append(PQfname(result, column).map { String(cString: $0) } ?? "?column?")
            types.append(PostgresDataType(rawValue: PQftype(result, column)))
        }
        let layout = PostgresRow.Layout(columns: names, types: types)
        var rows: [PostgresRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                guard PQgetisnull(result, row, column) == 0, let bytes = PQgetvalue(result, row, column) else {
                    values.append(nil)
                    continue
                }
                let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(PQgetlength(result, row, column)))
                values.append(String(decoding: buffer, as: UTF8.self))
            }
            rows.append(PostgresRow(layout: layout, values: values))
        }
        return rows
    }
}
