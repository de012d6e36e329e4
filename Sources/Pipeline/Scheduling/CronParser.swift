import Foundation

/// Turns the text of a cron expression into bit sets, one per field; see `CronSchedule` for the
/// syntax. Every rejection names the field, so a typo in configuration stops startup with a
/// message the operator can act on.
enum CronParser {
    /// The parsed expression: bit `n` of a mask is set when value `n` matches.
    struct Fields: Sendable, Hashable {
        var minutes: UInt64
        var hours: UInt64
        var daysOfMonth: UInt64
        var months: UInt64
        /// Bit 0 = Sunday … bit 6 = Saturday (a written 7 is folded onto 0).
        var daysOfWeek: UInt64
        /// False when the field was written starting with `*`: only then does the other day field
        /// alone decide (Vixie cron's rule; see `CronSchedule`).
        var dayOfMonthRestricted: Bool
        var dayOfWeekRestricted: Bool
    }

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
        /// The value of `names[0]`.
        let firstNameValue: Int

        static let minute = Field(name: "minute", range: 0...59, names: [], firstNameValue: 0)
        static let hour = Field(name: "hour", range: 0...23, names: [], firstNameValue: 0)
        static let dayOfMonth = Field(name: "day-of-month", range: 1...31, names: [], firstNameValue: 1)
        static let month = Field(name: "month", range: 1...12, names: [
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ], firstNameValue: 1)
        static let dayOfWeek = Field(name: "day-of-week", range: 0...7, names: [
            "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT",
        ], firstNameValue: 0)
    }

    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// - Throws: `SchedulingError` (`invalid_cron_expression`) naming the field at fault.
    static func parse(_ expression: String) throws -> Fields {
        let trimmed = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("@") {
            guard let expanded = macros[trimmed.lowercased()] else {
                throw SchedulingError(code: .invalidCronExpression,
                                      reason: "unknown macro \(trimmed.prefix(20)); use @hourly, @daily, @weekly, @monthly or @yearly")
            }
            return try parse(expanded)
        }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 5 else {
            throw SchedulingError(code: .invalidCronExpression,
                                  reason: "expected 5 fields (minute hour day-of-month month day-of-week), found \(parts.count)")
        }
        var daysOfWeek = try mask(parts[4], field: .dayOfWeek)
        if daysOfWeek & (1 << 7) != 0 {
            daysOfWeek = (daysOfWeek & ~(1 << 7)) | 1
        }
        return Fields(
            minutes: try mask(parts[0], field: .minute),
            hours: try mask(parts[1], field: .hour),
            daysOfMonth: try mask(parts[2], field: .dayOfMonth),
            months: try mask(parts[3], field: .month),
            daysOfWeek: daysOfWeek,
            dayOfMonthRestricted: !parts[2].hasPrefix("*"),
            dayOfWeekRestricted: !parts[4].hasPrefix("*"))
    }

    /// One field: a comma-separated list of `*`, `v`, `a-b`, each optionally followed by `/step`
    /// (`v/step` runs from `v` to the end of the field's range).
    private static func mask(_ text: Substring, field: Field) throws -> UInt64 {
        var mask: UInt64 = 0
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !element.isEmpty else { throw invalid(field, "empty list element") }
            let pieces = element.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw invalid(field, "more than one '/' in \(element)") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = number(pieces[1]), parsed > 0 else {
                    throw invalid(field, "step \(pieces[1]) must be a positive integer")
                }
                step = parsed
            }
            let bounds = try range(pieces[0], field: field, hasStep: pieces.count == 2)
            for value in stride(from: bounds.lowerBound, through: bounds.upperBound, by: step) {
                mask |= 1 << UInt64(value)
            }
        }
        return mask
    }

    private static func range(_ text: Substring, field: Field, hasStep: Bool) throws -> ClosedRange<Int> {
        if text == "*" { return field.range }
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            let start = try value(ends[0], field: field)
            return hasStep ? start...field.range.upperBound : start...start
        case 2:
            let start = try value(ends[0], field: field)
            let end = try value(ends[1], field: field)
            guard start <= end else { throw invalid(field, "range \(text) runs backwards") }
            return start...end
        default:
            throw invalid(field, "malformed range \(text)")
        }
    }

    private static func value(_ text: Substring, field: Field) throws -> Int {
        if let parsed = number(text) {
            guard field.range.contains(parsed) else {
                throw invalid(field, "\(parsed) is outside \(field.range.lowerBound)-\(field.range.upperBound)")
            }
            return parsed
        }
        if let index = field.names.firstIndex(of: text.uppercased()) {
            return field.firstNameValue + index
        }
        throw invalid(field, "\(text.prefix(20)) is not a number\(field.names.isEmpty ? "" : " or a name")")
    }

    /// ASCII digits only: `Int("+5")` and full-width digits must not slip through.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func invalid(_ field: Field, _ reason: String) -> SchedulingError {
        SchedulingError(code: .invalidCronExpression, field: field.name, reason: reason)
    }
}
