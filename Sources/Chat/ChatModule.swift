import Identity
import Ingress

/// Chat as the ingress sees it: the `/v1/chat` routes.
public struct ChatModule: Sendable {
    let accessGuard: AccessGuard
    let cipher: MessageCipher

    public init(accessGuard: AccessGuard, encryption: EncryptionSettings) throws {
        self.accessGuard = accessGuard
        self.cipher = try MessageCipher(settings: encryption)
    }

    public var routes: IngressApplication.RouteInstaller {
        { [accessGuard, cipher] routes, dependencies in
            ChatRoutes.add(to: routes, .init(store: ChatStore(postgres: dependencies.postgres, cipher: cipher),
                                             publisher: dependencies.publisher, redis: dependencies.redis, access: accessGuard))
        }
    }
}
