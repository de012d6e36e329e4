/// Amounts in minor units written for people, per email locale: `49,00 €` in French,
/// `€49.00` in English; currencies without a symbol here use their code.
public enum MoneyText {
    /// Currencies whose minor unit is the unit itself (ISO 4217 exponent 0).
    static let zeroDecimal: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "XOF", "XAF", "UGX", "RWF"]
    static let symbols: [String: String] = ["EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥"]

    public static func format(_ minorUnits: Int64, currency: String, french: Bool) -> String {
        let code = currency.uppercased()
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        var number: String
        if zeroDecimal.contains(code) {
            number = String(magnitude)
        } else {
            let cents = magnitude % 100
            number = "\(magnitude / 100)\(french ? "," : ".")\(cents < 10 ? "0" : "")\(cents)"
        }
        number = sign + number
        guard let symbol = symbols[code] else { return "\(number) \(code)" }
        return french ? "\(number) \(symbol)" : "\(symbol)\(number)"
    }
}
