import Foundation

/// Aligned plain-text tables for the operator commands (`relais dlq list`, `relais email log`).
public enum TextTable {
    /// - Returns: the header line then one line per row, columns padded to the widest cell.
    public static func render(header: [String], rows: [[String]]) -> [String] {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return ([header] + rows).map { cells in
            zip(cells, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
