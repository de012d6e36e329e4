import NIOCore

/// Where and how ``SMTPClient`` connects: server, transport security, credentials and timeouts.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// Transport security of the connection.
    public enum Security: String, Sendable, Hashable {
        /// Plain TCP, never TLS, even if the server offers STARTTLS (`smtp+insecure://`, for a local
        /// catcher). AUTH, if configured, crosses the network in clear.
        case none
        /// Upgrades with STARTTLS when the server offers it (`smtp://`). A server that does not offer
        /// it is used in clear only when no credentials are configured; with credentials the
        /// connection is refused (`unsupportedByServer` at `.starttls`) so a password is never sent
        /// in clear. A failed handshake never falls back to clear text.
        case startTLS
        /// TLS from the first byte (`smtps://`, RFC 8314).
        case implicitTLS
    }

    /// A SASL mechanism for AUTH.
    public enum AuthMechanism: String, Sendable, Hashable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    /// A user name and password for AUTH. Its description never shows the password.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        public var description: String { "Credentials(user: <redacted>, password: <redacted>)" }
    }

    /// Server host name or IP address (certificates are checked against it).
    public var host: String
    /// Server port.
    public var port: Int
    /// Transport security.
    public var security: Security
    /// Credentials for AUTH, or `nil` to send without authenticating.
    public var credentials: Credentials?
    /// Mechanisms to try, in order of preference, among those the server advertises.
    public var authMechanisms: [AuthMechanism]
    /// A PEM file of CA certificates that replaces the system trust store, for servers whose
    /// certificate comes from a private CA. `nil` trusts the system's CAs.
    public var caFilePath: String?
    /// The name this client gives in EHLO.
    public var heloName: String
    /// Time allowed for the TCP connection (and the TLS handshake of `smtps://`).
    public var connectTimeout: TimeAmount
    /// Time allowed for each reply: greeting, EHLO, STARTTLS handshake, AUTH, RSET, MAIL, RCPT, DATA.
    public var commandTimeout: TimeAmount
    /// Time allowed to send the message content and receive the reply to its final dot.
    public var dataTimeout: TimeAmount
    /// How long a connection may wait unused in the pool before it is closed with QUIT.
    public var idleTimeout: TimeAmount
    /// The most connections open at once; more concurrent sends wait for a free connection.
    public var maxConnections: Int

    /// Creates a configuration from its parts.
    public init(
        host: String,
        port: Int,
        security: Security,
        credentials: Credentials? = nil,
        authMechanisms: [AuthMechanism] = [.plain, .login],
        caFilePath: String? = nil,
        heloName: String = "localhost",
        connectTimeout: TimeAmount = .seconds(10),
        commandTimeout: TimeAmount = .seconds(30),
        dataTimeout: TimeAmount = .seconds(120),
        idleTimeout: TimeAmount = .seconds(30),
        maxConnections: Int = 8
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.authMechanisms = authMechanisms
        self.caFilePath = caFilePath
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// Parses an `SMTP_URL`: `smtp://user:pass@host:port` (STARTTLS when offered, default port 587),
    /// `smtp+insecure://host:port` (no TLS, default port 25) or `smtps://host:port` (implicit TLS,
    /// default port 465). User and password are percent-decoded; both are optional. An IPv6 host
    /// goes in brackets. Other settings keep the defaults of ``init(host:port:security:credentials:authMechanisms:caFilePath:heloName:connectTimeout:commandTimeout:dataTimeout:idleTimeout:maxConnections:)``
    /// and can be changed on the result.
    ///
    /// - Throws: ``SMTPError`` with code `.invalidConfiguration`; its description never repeats
    ///   the URL, which may hold a password.
    public init(url: String, caFilePath: String? = nil) throws {
        func invalid(_ why: String) -> SMTPError {
            SMTPError(.invalidConfiguration, stage: .prepare, detail: "SMTP URL: \(why)")
        }
        guard let schemeEnd = url.range(of: "://") else { throw invalid("missing scheme") }
        let security: Security
        let defaultPort: Int
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtp+insecure": (security, defaultPort) = (.none, 25)
        case "smtps": (security, defaultPort) = (.implicitTLS, 465)
        default: throw invalid("scheme must be smtp, smtp+insecure or smtps")
        }
        var authority = url[schemeEnd.upperBound...]
        if let slash = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            guard authority[slash...].allSatisfy({ $0 == "/" }) else {
                throw invalid("path, query and fragment are not supported")
            }
            authority = authority[..<slash]
        }
        var credentials: Credentials?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let colon = userInfo.firstIndex(of: ":")
            let rawUser = colon.map { userInfo[..<$0] } ?? userInfo
            let rawPassword = colon.map { userInfo[userInfo.index(after: $0)...] } ?? ""
            guard let user = String(rawUser).percentDecoded(),
                  let password = String(rawPassword).percentDecoded()
            else { throw invalid("bad percent-encoding in user or password") }
            if !user.isEmpty || !password.isEmpty {
                credentials = Credentials(user: user, password: password)
            }
        }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unclosed IPv6 bracket") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid("garbage after IPv6 host") }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw invalid("missing host") }
        var port = defaultPort
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else { throw invalid("bad port") }
            port = parsed
        }
        self.init(
            host: String(host), port: port, security: security, credentials: credentials,
            caFilePath: caFilePath
        )
    }

    public var description: String {
        let auth = credentials == nil ? "none" : "configured"
        return "SMTPConfiguration(host: \(host), port: \(port), security: \(security.rawValue), credentials: \(auth))"
    }
}

extension String {
    /// Percent-decoding without Foundation's URL machinery, which treats some schemes specially.
    func percentDecoded() -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue),
                  let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
