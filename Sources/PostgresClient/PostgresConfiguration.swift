import Foundation

/// Where and how to connect to PostgreSQL, and how large the pool is.
///
/// Values reach libpq as separate keyword/value parameters (`PQconnectdbParams`), never as one
/// concatenated connection string, so no part of a password or database name can inject options.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// Host name, IP address, or an absolute directory holding a Unix socket; nil for libpq's default.
    public var host: String?
    /// TCP port; nil for libpq's default (5432).
    public var port: Int?
    /// Role name; nil for libpq's default (the OS user).
    public var user: String?
    /// Password; never logged nor shown by `description`.
    public var password: String?
    /// Database name; nil for libpq's default (the role name).
    public var database: String?
    /// Further libpq connection keywords taken from the URL query (e.g. `sslmode`).
    public var parameters: [String: String]
    /// Number of pooled connections (and of worker threads); each is opened on first need.
    public var poolSize: Int = 8
    /// How long opening one connection may take. libpq counts whole seconds, at least two.
    public var connectTimeout: Duration = .seconds(5)
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName = "relais"
    /// Prepare each distinct statement once per connection and reuse it (`PQprepare`).
    public var usePreparedStatements = true
    /// The most statements one connection keeps prepared; later ones run unprepared.
    public var preparedStatementLimit = 512

    /// Keywords this type sets itself; a URL may not override them through its query.
    static let reservedKeywords: Set<String> = [
        "host", "port", "user", "password", "dbname", "client_encoding", "replication",
    ]

    /// Creates a configuration from its parts.
    public init(
        host: String? = "127.0.0.1", port: Int? = 5432, user: String? = nil, password: String? = nil,
        database: String? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.parameters = [:]
    }

    /// Parses a `postgres://` or `postgresql://` URL:
    /// `postgres://user:password@host:port/database?sslmode=disable&application_name=x`.
    ///
    /// Every part is percent-decoded. `application_name` and `connect_timeout` in the query set the
    /// matching properties; other query items must be libpq connection keywords.
    /// - Throws: `PostgresError` with code `.invalidConfiguration` saying which part is wrong
    ///   (never quoting the URL, which may hold a password).
    public init(url: String) throws {
        self.init(host: nil, port: nil)
        var rest = Substring(url)
        guard let schemeEnd = rest.range(of: "://") else { throw Self.invalid("missing scheme") }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw Self.invalid("scheme must be postgres:// or postgresql://")
        }
        rest = rest[schemeEnd.upperBound...]
        guard !rest.contains("#") else { throw Self.invalid("URL fragments are not allowed") }

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let path = rest[rest.index(after: slash)...]
            guard !path.contains("/") else { throw Self.invalid("database name contains '/'") }
            if !path.isEmpty { database = try Self.decode(path, part: "database name") }
        }
        // The last '@' separates credentials: an unencoded '@' in a password is then still accepted.
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], part: "user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
            } else {
                user = try Self.decode(userInfo, part: "user name")
            }
            if user == "" { user = nil }
        }
        try parseHostAndPort(authority)
        try parseQuery(query)
        try validate()
    }

    private mutating func parseHostAndPort(_ authority: Substring) throws {
        guard !authority.contains(",") else { throw Self.invalid("multiple hosts are not supported") }
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Self.invalid("unterminated IPv6 address")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Self.invalid("unexpected text after IPv6 address") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        if !hostPart.isEmpty { host = try Self.decode(hostPart, part: "host") }
        if let portPart {
            guard let number = Int(portPart), (1...65_535).contains(number), portPart.allSatisfy(\.isASCII) else {
                throw Self.invalid("port must be a number between 1 and 65535")
            }
            port = number
        }
    }

    private mutating func parseQuery(_ query: Substring) throws {
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else {
                throw Self.invalid("query item without '='")
            }
            let key = try Self.decode(item[..<equals], part: "query key")
            let value = try Self.decode(item[item.index(after: equals)...], part: "query value")
            switch key {
            case "application_name":
                applicationName = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw Self.invalid("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                guard !Self.reservedKeywords.contains(key) else {
                    throw Self.invalid("query key '\(key)' must be given in the URL itself")
                }
                parameters[key] = value
            }
        }
    }

    /// Rejects what libpq would only reject at connect time, so a bad setting stops startup.
    func validate() throws {
        guard poolSize > 0 else { throw Self.invalid("poolSize must be at least 1") }
        let known = LibPQConnection.knownKeywords()
        for key in parameters.keys where !known.contains(key) || Self.reservedKeywords.contains(key) {
            // Keys are libpq option names, not secrets, so naming the bad one helps the operator.
            throw Self.invalid("unknown connection parameter '\(key.prefix(40))'")
        }
        let fields = [host, user, password, database, applicationName] + Array(parameters.values)
        if fields.contains(where: { $0?.utf8.contains(0) ?? false }) {
            throw Self.invalid("a connection setting contains a NUL byte")
        }
    }

    /// The keyword/value pairs handed to `PQconnectdbParams`.
    func libpqParameters() -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        let seconds = max(2, Int((connectTimeout.components.seconds)) + (connectTimeout.components.attoseconds > 0 ? 1 : 0))
        pairs.append(("connect_timeout", String(seconds)))
        pairs.append(("application_name", applicationName))
        // Text results are decoded as UTF-8 and dates parsed in ISO form, whatever the server's defaults.
        pairs.append(("client_encoding", "UTF8"))
        var options = "-c DateStyle=ISO,MDY -c bytea_output=hex"
        if let extra = parameters["options"] { options += " " + extra }
        pairs.append(("options", options))
        // Dead peers (host gone without FIN) must surface as errors, not as a listener waiting forever.
        for (key, value) in [("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3")]
        where parameters[key] == nil {
            pairs.append((key, value))
        }
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) where key != "options" {
            pairs.append((key, value))
        }
        return pairs
    }

    /// Host, port, database and user; never the password.
    public var description: String {
        "postgres://\(user ?? "")@\(host ?? "")\(port.map { ":\($0)" } ?? "")/\(database ?? "") (pool \(poolSize))"
    }

    private static func decode(_ text: Substring, part: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw invalid("bad percent-encoding in \(part)")
        }
        return decoded
    }

    private static func invalid(_ reason: String) -> PostgresError {
        PostgresError(code: .invalidConfiguration, detail: "invalid PostgreSQL configuration: \(reason)")
    }
}
