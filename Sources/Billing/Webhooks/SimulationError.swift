/// Why `relais billing simulate` (or a test driving the local emulation) could not send an event.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownObject(String)
    case deliveryFailed(String)
    case rejected(status: Int, eventType: String)

    public var description: String {
        switch self {
        case .unknownObject(let id): "the local emulation has no object \(id)"
        case .deliveryFailed(let reason): "delivery failed: \(reason)"
        case .rejected(let status, let type): "the endpoint answered \(status) to \(type)"
        }
    }
}
