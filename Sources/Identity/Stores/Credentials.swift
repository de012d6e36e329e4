import Foundation
import PostgresClient

/// What login needs about an account, beyond the public `User`: kept apart so the hash and the
/// TOTP secret never travel in a value that may be encoded into a response.
struct Credentials: Sendable {
    let user: User
    let passwordHash: String?
    let totpSecret: String?
    let totpLastStep: Int64?

    static let columns: PostgresQuery = "u.password_hash, u.totp_secret, u.totp_last_step"

    init(row: PostgresRow) throws {
        user = try User(row: row)
        passwordHash = try row.decode(String?.self, column: "password_hash")
        totpSecret = try row.decode(String?.self, column: "totp_secret")
        totpLastStep = try row.decode(Int64?.self, column: "totp_last_step")
    }
}
