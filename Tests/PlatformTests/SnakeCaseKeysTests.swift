import Foundation
import Platform
import Testing

@Suite("snake_case JSON keys")
struct SnakeCaseKeysTests {
    @Test("Swift names map to snake_case and back, acronyms kept whole", arguments: [
        ("userID", "user_id"), ("avatarURL", "avatar_url"), ("displayName", "display_name"), ("id", "id"),
        ("URLValue", "url_value"), ("stripeCustomerID", "stripe_customer_id"), ("courseIDs", "course_ids"), ("page2Title", "page2_title"),
    ])
    func roundTrip(swiftName: String, jsonName: String) {
        #expect(SnakeCaseKeys.snakeCase(swiftName) == jsonName)
        if swiftName != "URLValue" {  // leading acronyms cannot be told apart from words on the way back
            #expect(SnakeCaseKeys.camelCase(jsonName) == swiftName)
        }
    }

    struct Profile: Codable, Equatable {
        let userID: UUID
        let avatarURL: String
        let displayName: String
    }

    @Test("encoders and decoders using the strategies round-trip acronym properties")
    func coders() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = SnakeCaseKeys.encoding
        encoder.outputFormatting = .sortedKeys
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = SnakeCaseKeys.decoding
        let profile = Profile(userID: UUID(), avatarURL: "https://x", displayName: "Zoé")
        let data = try encoder.encode(profile)
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\"avatar_url\":\"https:\\/\\/x\",\"display_name\":\"Zoé\",\"user_id\":"))
        #expect(try decoder.decode(Profile.self, from: data) == profile)
    }
}
