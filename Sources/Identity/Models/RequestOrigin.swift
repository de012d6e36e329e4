/// Where a request came from, for the audit log.
public struct RequestOrigin: Sendable {
    public var ip: String?
    public var userAgent: String?

    public init(ip: String?, userAgent: String?) {
        self.ip = ip
        self.userAgent = userAgent
    }
}
