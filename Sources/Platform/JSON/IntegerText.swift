/// Parses the decimal text of a JSON integer (`-?` then digits) straight into a fixed-width
/// integer, detecting overflow, without going through `String`.
enum IntegerText {
    static func parse<T: FixedWidthInteger>(_ type: T.Type, _ text: UnsafeBufferPointer<UInt8>) -> T? {
        guard !text.isEmpty else { return nil }
        let isNegative = text[0] == UInt8(ascii: "-")
        var value: T = 0
        for byte in text.dropFirst(isNegative ? 1 : 0) {
            let digit = T(byte &- UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            // Negative numbers accumulate downwards so that T.min itself fits.
            let (next, carry) = isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = next
        }
        return value
    }
}
