extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts accept.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return seconds < 0 ? 0 : Int(Int32.max) }
        let total = milliseconds.partialValue + attoseconds / 1_000_000_000_000_000
        return Int(max(0, min(total, Int64(Int32.max))))
    }

    var timeoutMilliseconds: Int32 { Int32(wholeMilliseconds) }
}
