/// Where and how a `RedisClient` connects.
///
/// `description` never shows the password.
public struct RedisConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// ACL user name (Redis 6+); nil authenticates as the default user.
    public var username: String?
    /// Password sent with `AUTH` on every new connection; nil sends no `AUTH`.
    public var password: String?
    /// Database selected with `SELECT` on every new connection (not used by pub/sub).
    public var database: Int
    /// Number of multiplexed connections shared by `send`, `pipeline` and `evaluate`; each carries
    /// many concurrent commands, so a few suffice.
    public var poolSize: Int = 2
    /// Bound on establishing one TCP connection.
    public var connectTimeout: Duration = .seconds(2)
    /// Bound on each socket read or write of a command; a blocking command (`BLPOP`…) must use a
    /// server-side timeout below it.
    public var commandTimeout: Duration = .seconds(2)
    /// Name set with `CLIENT SETNAME` on every new connection, visible in `CLIENT LIST`.
    public var clientName: String?

    /// Creates a configuration from its parts.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]`.
    ///
    /// User and password may be percent-encoded. The port defaults to 6379 and the database to 0.
    /// - Throws: `RedisError` with code `.invalidConfiguration` naming the part that is wrong
    ///   (the message never contains the password).
    public init(url: String) throws {
        func invalid(_ reason: String) -> RedisError {
            RedisError(code: .invalidConfiguration, message: "invalid redis URL: \(reason)")
        }

        guard let schemeEnd = url.range(of: "://") else {
            throw invalid("expected redis://[[user]:password@]host[:port][/db]")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "redis" else {
            throw invalid("unsupported scheme '\(scheme)', expected 'redis'")
        }
        var rest = url[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw invalid("query parameters and fragments are not supported")
        }

        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw invalid("credentials must be ':password' or 'user:password'")
            }
            let user = userInfo[..<colon]
            guard let decodedUser = Self.percentDecoded(user),
                let decodedPassword = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
            else {
                throw invalid("credentials contain a malformed percent-escape")
            }
            username = decodedUser.isEmpty ? nil : decodedUser
            password = decodedPassword
        }

        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw invalid("unterminated IPv6 address")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("unexpected text after IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw invalid("missing host") }

        var port = 6379
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw invalid("port '\(portText)' is not a number in 1...65535")
            }
            port = parsed
        }

        var database = 0
        if !path.isEmpty {
            guard let parsed = Int(path), parsed >= 0 else {
                throw invalid("database '\(path)' is not a non-negative integer")
            }
            database = parsed
        }

        self.init(host: String(host), port: port, username: username, password: password, database: database)
    }

    public var description: String {
        let credentials = password == nil ? "" : "\(username ?? ""):***@"
        return "redis://\(credentials)\(host):\(port)/\(database) (pool \(poolSize))"
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
