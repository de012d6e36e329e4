import Foundation
import Ingress
import PostgresClient

extension IdentityService {
    public struct TwoFactorSetup: Sendable, Encodable {
        /// Base32, for typing into an authenticator app.
        public let secret: String
        public let otpauthURI: String
    }

    /// `POST /2fa/setup`: a new secret, pending until `/2fa/verify` proves the app has it.
    public func setUpTwoFactor(_ principal: Principal, origin: RequestOrigin) async throws -> TwoFactorSetup {
        let user = try await me(principal)
        guard !user.twoFactorEnabled else {
            throw APIError(status: .conflict, code: "totp_already_enabled", message: "two-factor authentication is already on")
        }
        let secret = TOTP.generateSecret()
        // Stored base64 in the users row; the column is never selected into a response.
        try await users.setPendingTOTP(user.id, secret: Data(secret).base64EncodedString())
        await audit.record("2fa_setup", outcome: "pending", userID: user.id, origin: origin)
        return TwoFactorSetup(secret: TOTP.base32(secret),
                              otpauthURI: TOTP(issuer: settings.totpIssuer).provisioningURI(secret: secret, account: user.email))
    }

    /// `POST /2fa/verify`: turns 2FA on and returns the 10 backup codes (shown once).
    public func verifyTwoFactor(_ principal: Principal, code: String, origin: RequestOrigin) async throws -> [String] {
        guard let credentials = try await users.credentials(id: principal.userID),
              let secret = credentials.totpSecret.flatMap({ Data(base64Encoded: $0) }).map(Array.init) else {
            throw APIError(status: .conflict, code: "totp_not_set_up", message: "call /2fa/setup first")
        }
        guard !credentials.user.twoFactorEnabled else {
            throw APIError(status: .conflict, code: "totp_already_enabled", message: "two-factor authentication is already on")
        }
        guard let step = TOTP.verify(code: code, secret: secret, now: .now) else {
            await audit.record("2fa_enable", outcome: "totp_invalid", userID: principal.userID, origin: origin)
            throw APIError(status: .unauthorized, code: "totp_invalid", message: "the two-factor code is not valid")
        }
        let codes = BackupCodes.generate()
        let hashes = codes.compactMap(BackupCodes.hash)
        try await postgres.withTransaction { connection in
            try await users.enableTOTP(principal.userID, step: step, backupCodeHashes: hashes, on: connection)
            try await notify(credentials.user, .twoFactorEnabled, ["enabled_at": Self.noticeTime(), "support_url": supportURL], on: connection)
        }
        await audit.record("2fa_enable", outcome: "success", userID: principal.userID, origin: origin)
        return codes
    }

    /// `POST /2fa/disable`: needs the password and a current code (or a backup code).
    public func disableTwoFactor(_ principal: Principal, password: String, code: String, origin: RequestOrigin) async throws {
        guard let credentials = try await users.credentials(id: principal.userID), let hash = credentials.passwordHash,
              credentials.user.twoFactorEnabled else {
            throw APIError(status: .conflict, code: "totp_not_enabled", message: "two-factor authentication is off")
        }
        guard await hasher.verify(password, against: hash) else {
            await audit.record("2fa_disable", outcome: "wrong_password", userID: principal.userID, origin: origin)
            throw APIError(status: .unauthorized, code: "invalid_credentials", message: "the password is incorrect")
        }
        guard try await acceptSecondFactor(code, credentials: credentials) else {
            await audit.record("2fa_disable", outcome: "totp_invalid", userID: principal.userID, origin: origin)
            throw APIError(status: .unauthorized, code: "totp_invalid", message: "the two-factor code is not valid")
        }
        try await postgres.withTransaction { connection in
            try await users.disableTOTP(principal.userID, on: connection)
            try await notify(credentials.user, .twoFactorDisabled, ["disabled_at": Self.noticeTime(), "support_url": supportURL], on: connection)
        }
        await audit.record("2fa_disable", outcome: "success", userID: principal.userID, origin: origin)
    }

    /// A TOTP code (each time step accepted once) or an unused backup code (consumed).
    func acceptSecondFactor(_ code: String, credentials: Credentials) async throws -> Bool {
        let userID = credentials.user.id
        if let secret = credentials.totpSecret.flatMap({ Data(base64Encoded: $0) }).map(Array.init),
           let step = TOTP.verify(code: code, secret: secret, now: .now, lastUsedStep: credentials.totpLastStep) {
            return try await users.acceptTOTPStep(userID, step: step)
        }
        guard let hash = BackupCodes.hash(code) else { return false }
        return try await users.useBackupCode(userID, hash: hash)
    }
}
