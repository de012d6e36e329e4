import Email
import Foundation
import Notifications
import Platform

/// Command payload encoding, in process: `PayloadJSONEncoder` (what the outbox and publishers
/// use) against Foundation's `JSONEncoder` set up with the same conventions, on the follow-ups a
/// paid purchase queues (a receipt email and a notification). Both must write the same bytes.
enum CommandEncodingBenchmark {
    static let rounds = 20_000

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        let email = SendEmail(template: .paymentReceipt, locale: .fr, to: "buyer@example.test", toName: "Bench",
                              variables: ["first_name": "Bench", "description": "Course", "amount": "10,00 €",
                                          "receipt_number": "R-0123456789AB", "paid_at": "2026-11-23 00:40"])
        let notification = DispatchNotification(userID: UUID(), type: "billing.purchase_completed", title: "Paiement confirmé",
                                                body: "Course", data: ["transaction_id": UUID().uuidString.lowercased(),
                                                                       "course_id": UUID().uuidString.lowercased()])
        let payload = PayloadJSONEncoder(formatDate: RFC3339.format)
        let foundation = payload.foundationEquivalent()
        guard try payload.encode(email) == Array(try foundation.encode(email)),
              try payload.encode(notification) == Array(try foundation.encode(notification)) else {
            throw BenchFailure("the payload encoder and Foundation's wrote different bytes")
        }

        func rate(_ encode: () throws -> Int) rethrows -> Double {
            var bytes = 0
            let started = ContinuousClock.now
            for _ in 0..<rounds { bytes &+= try encode() }
            let elapsed = BenchSettings.seconds(ContinuousClock.now - started)
            precondition(bytes > 0)
            return Double(rounds * 2) / elapsed
        }
        var best = (payload: 0.0, foundation: 0.0)
        for _ in 0..<3 {
            best.foundation = max(best.foundation, try rate { try foundation.encode(email).count + foundation.encode(notification).count })
            best.payload = max(best.payload, try rate { try payload.encode(email).count + payload.encode(notification).count })
        }
        return BenchResult(unit: "commands/s", relais: best.payload, baseline: best.foundation,
                           baselineName: "Foundation JSONEncoder, same conventions", target: 1,
                           notes: ["commands": rounds * 2, "rounds": 3])
    }
}
