import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the relay's routes. It keeps the connection's NIO channel so a socket
/// whose peer stopped reading can be dropped: a close frame cannot get through a full send
/// buffer.
public struct RelayRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}
