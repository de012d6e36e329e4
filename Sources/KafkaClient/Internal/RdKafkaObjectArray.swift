/// Owns the librdkafka objects of one admin request (new topics, topics to delete, config
/// resources), destroyed with `destroy` when the request is done, and lends them as the
/// `(array, count)` pair the admin calls take.
final class RdKafkaObjectArray {
    private(set) var pointers: [OpaquePointer?] = []
    private let destroy: (OpaquePointer?) -> Void

    init(destroy: @escaping (OpaquePointer?) -> Void) {
        self.destroy = destroy
    }

    deinit {
        for pointer in pointers { destroy(pointer) }
    }

    func append(_ pointer: OpaquePointer) {
        pointers.append(pointer)
    }

    func withPointers<T>(_ body: (UnsafeMutablePointer<OpaquePointer?>, Int) throws -> T) rethrows -> T {
        try pointers.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                var none: OpaquePointer?
                return try body(&none, 0)
            }
            return try body(base, buffer.count)
        }
    }
}
