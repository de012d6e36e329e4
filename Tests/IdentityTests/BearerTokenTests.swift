@testable import Identity
import Testing

@Suite("Bearer token header")
struct BearerTokenTests {
    @Test(arguments: [
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer abc", "abc"),
        ("BEARER abc", "abc"),
        ("Bearer   abc \t", "abc"),
        ("Bearer \tabc", "abc"),
    ])
    func theTokenIsTakenFromAnyCaseOfTheSchemeWithBlanksTrimmed(header: String, token: String) {
        #expect(AccessGuard.bearerToken(header) == token)
    }

    @Test(arguments: [nil, "", "Bearer", "Bearer ", "Bearer    ", "Basic abc", "Bearerabc", "Beare abc", "Bearer\u{0}abc", "Bëarer abc"])
    func anythingElseHasNoToken(header: String?) {
        #expect(AccessGuard.bearerToken(header) == nil)
    }
}
