/// Wrong numbers that look like the right one: nearby years for a year, nearby round values
/// for a count, the same decimal separator and precision for a decimal. Used when a lesson
/// has too few numbers of its own to offer as distractors.
enum NumberDistractors {
    /// Up to `count` plausible numbers different from `answer` and from `excluded` (folded).
    static func make(for answer: String, count: Int, excluding excluded: Set<String>, using random: inout SeededRandomNumberGenerator) -> [String] {
        let candidates = nearbyValues(of: answer).filter { !excluded.contains(TextFolding.fold($0)) && $0 != answer }
        var unique: [String] = []
        for candidate in candidates where !unique.contains(candidate) { unique.append(candidate) }
        return random.sample(unique, count: count)
    }

    /// What a number looks like, so that a year is offered years and a decimal decimals.
    enum Shape: Equatable {
        case year
        case integer
        case decimal(separator: Character, places: Int)
    }

    static func shape(of number: String) -> Shape {
        if let separator = number.first(where: { $0 == "." || $0 == "," }) {
            return .decimal(separator: separator, places: number.split(separator: separator).last?.count ?? 0)
        }
        if number.count == 4, let value = Int(number), (1900...2100).contains(value) { return .year }
        return .integer
    }

    private static func nearbyValues(of answer: String) -> [String] {
        // Longer numbers (identifiers, serials) have no plausible neighbours, and the
        // arithmetic below must not overflow.
        guard answer.count <= 12 else { return [] }
        let separator: Character? = answer.first { $0 == "." || $0 == "," }
        if let separator {
            let parts = answer.split(separator: separator)
            guard parts.count == 2, let value = Double(answer.replacing(String(separator), with: ".")) else { return [] }
            let decimals = parts[1].count
            return [0.5, 0.75, 1.25, 1.5, 2].map { format(value * $0, decimals: decimals, separator: separator) }
        }
        guard let value = Int(answer) else { return [] }
        if answer.count == 4, (1900...2100).contains(value) {
            return [-3, -2, -1, 1, 2, 3].map { String(value + $0) }
        }
        let step = max(1, roundedStep(for: value))
        return [value - 2 * step, value - step, value + step, value + 2 * step, value * 2, value / 2]
            .filter { $0 > 0 }
            .map(String.init)
    }

    /// A tenth of the value rounded to one significant digit: 48 → 5, 1024 → 100.
    private static func roundedStep(for value: Int) -> Int {
        var magnitude = 1
        while magnitude * 10 <= value / 10 { magnitude *= 10 }
        return max(1, (value / 10) / magnitude * magnitude)
    }

    private static func format(_ value: Double, decimals: Int, separator: Character) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = String(scaled / Int(scale))
        guard decimals > 0 else { return whole }
        let fraction = String(scaled % Int(scale))
        return whole + String(separator) + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
