import ErasureWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Privacy
import Testing
import TestSupport

@Suite("RGPD export")
struct ExportTests {
    /// Runs the export the route queued and returns the download path from the emailed link.
    static func exportAndLink(_ harness: PrivacyHarness, _ client: any TestClientProtocol,
                              _ account: PrivacyHarness.Account) async throws -> (exportID: String, path: String) {
        let requested = try await harness.call(client, .post, "/v1/privacy/export", token: account.token)
        #expect(requested.status == 202)
        let export = try #require(PrivacyHarness.data(requested.body)["export"] as? [String: Any])
        #expect(export["status"] as? String == "pending")
        let exportID = try #require(export["id"] as? String)
        let command = try #require(try await harness.queued("ExportUserData", key: account.id.uuidString.lowercased()).last)
        #expect((command["export_id"] as? String)?.lowercased() == exportID.lowercased())
        try await harness.handle(harness.exportHandler(), ExportUserData(exportID: UUID(uuidString: exportID)!, userID: account.id))
        let email = try #require(try await harness.emails(to: account.email, template: "data_export_ready").last)
        let link = try #require((email["variables"] as? [String: String])?["download_url"])
        let components = try #require(URLComponents(string: link))
        let token = try #require(components.queryItems?.first { $0.name == "token" }?.value)
        return (exportID, "/v1/privacy/exports/\(exportID.lowercased())?token=\(token)")
    }

    @Test func exportHoldsEveryStoreOfTheOwnerAndNothingOfAnotherUser() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let other = try await harness.account(client)
            let seed = try await PersonalDataSeed.make(harness, owner: owner, other: other)
            let (_, path) = try await Self.exportAndLink(harness, client, owner)

            let download = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(owner.token)"]) { $0 }
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            let text = String(buffer: download.body)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let data = try #require(document["data"] as? [String: Any])
            #expect(Set(data.keys) == Set(harness.registry.stores.map(\.name)))
            let account = try #require((data["identity"] as? [String: Any])?["account"] as? [String: Any])
            #expect(account["email"] as? String == owner.email)
            // Messages decrypted; the other participant's message, name and address absent.
            #expect(text.contains(seed.ownerMessage))
            #expect(text.contains(seed.reviewComment))
            for foreign in [seed.otherMessage, other.email, other.firstName, other.lastName] {
                #expect(!text.contains(foreign), "the export leaks \(foreign)")
            }
            // No secrets.
            for secret in ["password_hash", "totp_secret", "token_hash", "code_hash", "body_ciphertext"] {
                #expect(!text.contains(secret), "the export contains \(secret)")
            }
            let enrollments = try #require((data["academy"] as? [String: Any])?["enrollments"] as? [[String: Any]])
            #expect(enrollments.count == 1)
            let transactions = try #require((data["billing"] as? [String: Any])?["transactions"] as? [[String: Any]])
            #expect(transactions.count == 1)

            // Single use.
            let again = try await harness.call(client, .get, path, token: owner.token)
            #expect(again.status == 410)
            #expect((again.body["error"] as? [String: Any])?["code"] as? String == "export_already_downloaded")
        }
    }

    @Test func theLinkIsOwnerOnlyAndNeedsItsToken() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let other = try await harness.account(client)
            let (exportID, path) = try await Self.exportAndLink(harness, client, owner)
            #expect(try await harness.call(client, .get, path, token: other.token).status == 404)
            #expect(try await harness.call(client, .get, path).status == 401)
            let forged = "/v1/privacy/exports/\(exportID.lowercased())?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            #expect(try await harness.call(client, .get, forged, token: owner.token).status == 404)
            #expect(try await harness.call(client, .get, "/v1/privacy/exports/\(exportID.lowercased())", token: owner.token).status == 404)
            // Still downloadable by its owner after those attempts.
            #expect(try await harness.call(client, .get, path, token: owner.token).status == 200)
            let listed = try await harness.call(client, .get, "/v1/privacy/exports", token: owner.token)
            #expect((PrivacyHarness.data(listed.body)["exports"] as? [[String: Any]])?.first?["status"] as? String == "downloaded")
        }
    }

    @Test func anExpiredLinkIsRefusedAndTheSweepForgetsTheDocument() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let (exportID, path) = try await Self.exportAndLink(harness, client, owner)
            let id = try #require(UUID(uuidString: exportID))
            // Move the expiry into the past, and sign a link for that expiry as the worker would have.
            let past = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 60).rounded(.down))
            try await harness.postgres.execute("UPDATE privacy.exports SET expires_at = \(past) WHERE id = \(id)")
            #expect(try await harness.call(client, .get, path, token: owner.token).status == 404, "the old token named another expiry")
            let token = PrivacySigner(secret: harness.settings.signingSecret).exportToken(exportID: id, expiresAt: past)
            let expired = try await harness.call(client, .get, "/v1/privacy/exports/\(exportID.lowercased())?token=\(token)", token: owner.token)
            #expect(expired.status == 410)
            #expect((expired.body["error"] as? [String: Any])?["code"] as? String == "export_expired")
            try await harness.handle(SweepDeletionRequestsHandler(postgres: harness.postgres), SweepDeletionRequests(slot: Date()))
            let row = try await harness.postgres.query("SELECT status, document IS NULL AS forgotten FROM privacy.exports WHERE id = \(id)")
            #expect(try row.first?.decode(String.self, column: "status") == "expired")
            #expect(try row.first?.decode(Bool.self, column: "forgotten") == true)
        }
    }

    @Test func twoRequestsWhileOneIsPendingMakeOneExport() async throws {
        try await PrivacyHarness.run { harness, client in
            let owner = try await harness.account(client)
            let first = try await harness.call(client, .post, "/v1/privacy/export", token: owner.token)
            let second = try await harness.call(client, .post, "/v1/privacy/export", token: owner.token)
            let ids = [first, second].map { (PrivacyHarness.data($0.body)["export"] as? [String: Any])?["id"] as? String }
            #expect(ids[0] != nil && ids[0] == ids[1])
            #expect(try await harness.queued("ExportUserData", key: owner.id.uuidString.lowercased()).count == 1)
        }
    }
}
