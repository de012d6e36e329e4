import ErasureWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import PersonalData
import Privacy
import Realtime
import RedisClient
import Testing
import TestSupport

@Suite("RGPD erasure")
struct ErasureTests {
    /// Opens a request, moves its date into the past (the grace period is over) and sweeps: the
    /// `EraseUser` the sweep queued.
    static func sweptErasure(_ harness: PrivacyHarness, _ client: any TestClientProtocol,
                             _ user: PrivacyHarness.Account) async throws -> EraseUser {
        #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token, json: ["reason": "départ"]).status == 201)
        try await harness.postgres.execute("""
            UPDATE privacy.deletion_requests SET deletion_date = now() - interval '1 minute' WHERE user_id = \(user.id)
            """)
        try await harness.handle(SweepDeletionRequestsHandler(postgres: harness.postgres), SweepDeletionRequests(slot: Date()))
        let queued = try #require(try await harness.queued("EraseUser", key: user.id.uuidString.lowercased()).first)
        let requestID = try #require((queued["request_id"] as? String).flatMap(UUID.init(uuidString:)))
        return EraseUser(userID: user.id, requestID: requestID)
    }

    @Test func aDueRequestIsErasedEverywhereAndASecondRunChangesNothing() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let other = try await harness.account(client)
            let seed = try await PersonalDataSeed.make(harness, owner: owner, other: other)
            let admin = try await harness.account(client, roles: [.admin])
            let revocations = harness.redis.subscribe(channels: [TokenDenylist.channel])
            defer { revocations.cancel() }
            try await revocations.awaitSubscribed()

            let command = try await Self.sweptErasure(harness, client, owner)
            try await harness.handle(harness.eraseHandler(), command)

            // Signed out everywhere: no sign-in, the live token refused, sockets told to close.
            #expect(try await harness.login(client, email: owner.email).status == 401)
            #expect(try await harness.call(client, .get, "/v1/privacy/exports", token: owner.token).status == 401)
            var announced = false
            for await message in revocations {
                if String(decoding: message.payload, as: UTF8.self).contains(owner.id.uuidString.lowercased()) {
                    announced = true
                    break
                }
            }
            #expect(announced)
            #expect(try await harness.redis.send(["EXISTS", .string(RealtimeChannels.userStream(owner.id))]).int == 0)

            // Neither the address nor the name is left in any table.
            for value in [owner.email, owner.firstName, owner.lastName] {
                let left = try await PersonalTextScan.columns(containing: value, postgres: harness.postgres)
                #expect(left.isEmpty, "\(value) is still in \(left)")
            }
            // The other participant keeps everything of theirs.
            #expect(try await PersonalTextScan.columns(containing: other.email, postgres: harness.postgres).contains("identity.users.email"))
            #expect(try await PersonalTextScan.columns(containing: other.email, postgres: harness.postgres)
                .contains("messaging.email_deliveries.recipient"))
            let messages = try await harness.postgres.query("""
                SELECT sender_id, body, body_ciphertext IS NULL AS cleared, body_erased_at IS NOT NULL AS erased
                FROM messaging.messages m JOIN messaging.conversation_participants p USING (conversation_id)
                WHERE p.user_id = \(other.id) ORDER BY seq
                """)
            #expect(messages.count == 2)
            #expect(try messages[0].decode(Bool.self, column: "erased") && messages[0].decode(Bool.self, column: "cleared"))
            #expect(try !messages[1].decode(Bool.self, column: "erased") && !messages[1].decode(Bool.self, column: "cleared"))
            // Policies that keep: the payment and the public review stay, under the anonymous account.
            #expect(try await harness.postgres.query("SELECT 1 AS kept FROM billing.transactions WHERE user_id = \(owner.id)").count == 1)
            #expect(try await harness.postgres.query("""
                SELECT 1 AS kept FROM academy.reviews WHERE user_id = \(owner.id) AND comment = \(seed.reviewComment)
                """).count == 1)
            #expect(try await harness.postgres.query("""
                SELECT instructor_name FROM academy.courses WHERE id = \(seed.courseID)
                """).first?.decode(String.self, column: "instructor_name") == ErasureSubject.displayName)
            #expect(try await harness.postgres.query("""
                SELECT 1 AS gone FROM messaging.email_suppressions WHERE address = \(owner.email)
                """).isEmpty)

            // The final email goes to the address captured before the erasure.
            #expect(try await harness.emails(to: owner.email, template: "deletion_completed").count == 1)

            // The receipt lists every store and the Redis step, and its signature holds.
            let report = try await harness.call(client, .get, "/v1/admin/privacy/erasures/\(owner.id.uuidString)", token: admin.token)
            #expect(report.status == 200)
            let data = PrivacyHarness.data(report.body)
            #expect(data["completed"] as? Bool == true)
            #expect(data["signature_valid"] as? Bool == true)
            let receiptText = try #require(data["receipt"] as? String)
            let receipt = try #require(try JSONSerialization.jsonObject(with: Data(receiptText.utf8)) as? [String: Any])
            let processed = Set(((receipt["stores"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            #expect(processed == Set(harness.registry.stores.map(\.name) + ["redis"]))
            #expect(!receiptText.contains(owner.email))

            // Running it again changes nothing.
            let ledger = try await ErasureLedger(postgres: harness.postgres).entries(userID: owner.id)
            try await harness.handle(harness.eraseHandler(), command)
            #expect(try await ErasureLedger(postgres: harness.postgres).entries(userID: owner.id) == ledger)
            #expect(try await harness.emails(to: owner.email, template: "deletion_completed").count == 1)
            let after = try await harness.call(client, .get, "/v1/admin/privacy/erasures/\(owner.id.uuidString)", token: admin.token)
            #expect(PrivacyHarness.data(after.body)["receipt"] as? String == receiptText)
        }
    }

    @Test func anErasureInterruptedMidwayResumesWhereItStopped() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let other = try await harness.account(client)
            _ = try await PersonalDataSeed.make(harness, owner: owner, other: other)
            var stores = harness.registry.stores
            stores.insert(OnceFailingStore(), at: 2)
            let handler = harness.eraseHandler(registry: PersonalDataRegistry(stores: stores))
            let command = try await Self.sweptErasure(harness, client, owner)

            await #expect(throws: OnceFailingStore.Crash.self) { try await harness.handle(handler, command) }
            let partial = try await ErasureLedger(postgres: harness.postgres).entries(userID: owner.id)
            #expect(partial.map(\.store) == Array(stores.prefix(2).map(\.name)))
            #expect(try await harness.login(client, email: owner.email).status == 401, "identity went first")

            try await harness.handle(handler, command)
            let complete = try await ErasureLedger(postgres: harness.postgres).entries(userID: owner.id)
            #expect(Set(complete.map(\.store)) == Set(stores.map(\.name) + ["redis"]))
            #expect(Array(complete.prefix(2)) == partial, "the stores done before the crash did not run again")
            #expect(try await ErasureReceipt.of(userID: owner.id, on: harness.postgres) != nil)
            #expect(try await PersonalTextScan.columns(containing: owner.email, postgres: harness.postgres).isEmpty)
        }
    }

    @Test func onlyAdminsEraseAtOnceAndReadReceipts() async throws {
        try await PrivacyHarness.run { harness, client in
            let learner = try await harness.account(client)
            let target = try await harness.account(client)
            let admin = try await harness.account(client, roles: [.admin])
            let path = "/v1/admin/privacy/users/\(target.id.uuidString)/erase"
            #expect(try await harness.call(client, .post, path, token: learner.token).status == 403)
            #expect(try await harness.call(client, .get, "/v1/admin/privacy/erasures/\(target.id.uuidString)", token: learner.token).status == 403)
            #expect(try await harness.call(client, .post, "/v1/admin/privacy/users/\(UUID().uuidString)/erase", token: admin.token).status == 404)
            #expect(try await harness.call(client, .get, "/v1/admin/privacy/erasures/\(target.id.uuidString)", token: admin.token).status == 404)

            #expect(try await harness.call(client, .post, path, token: admin.token).status == 202)
            let queued = try #require(try await harness.queued("EraseUser", key: target.id.uuidString.lowercased()).first)
            let requestID = try #require((queued["request_id"] as? String).flatMap(UUID.init(uuidString:)))
            try await harness.handle(harness.eraseHandler(), EraseUser(userID: target.id, requestID: requestID))
            #expect(try await harness.login(client, email: target.email).status == 401)
            #expect(try await harness.call(client, .get, "/v1/admin/privacy/erasures/\(target.id.uuidString)", token: admin.token).status == 200)
            // An erased account cannot be erased or asked for again.
            #expect(try await harness.call(client, .post, path, token: admin.token).status == 404)
        }
    }
}
