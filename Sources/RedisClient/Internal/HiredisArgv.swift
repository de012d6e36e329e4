import CHiredis
import NIOCore

/// Builds the `argc`/`argv`/`argvlen` triple hiredis takes for a binary-safe command.
enum HiredisArgv {
    /// Calls `body` with C views of `arguments`, valid only during the call.
    /// - Throws: `.invalidArgument` for an empty command.
    static func with<Result>(
        _ arguments: [RedisArgument],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) throws(RedisError) -> Result {
        guard !arguments.isEmpty else {
            throw RedisError(code: .invalidArgument, message: "a command needs at least one argument")
        }
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.bytes.count })
        var lengths: [Int] = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            storage.append(contentsOf: argument.bytes)
            lengths.append(argument.bytes.count)
        }
        // A trailing byte keeps the buffer non-empty so every argv pointer is valid, even for
        // commands made only of empty arguments.
        storage.append(0)
        return storage.withUnsafeBytes { buffer in
            // Never nil: the buffer holds at least the trailing byte.
            let base = buffer.baseAddress!
            var pointers: [UnsafePointer<CChar>?] = []
            pointers.reserveCapacity(lengths.count)
            var offset = 0
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvlen in
                    body(Int32(arguments.count), argv.baseAddress!, argvlen.baseAddress!)
                }
            }
        }
    }

    /// Appends the RESP encoding of one command, as hiredis formats it, to `buffer`.
    static func format(_ arguments: [RedisArgument], into buffer: inout ByteBuffer) throws(RedisError) {
        let formatted = try with(arguments) { argc, argv, argvlen -> (UnsafeMutablePointer<CChar>, Int)? in
            var target: UnsafeMutablePointer<CChar>?
            let length = redisFormatCommandArgv(&target, argc, argv, argvlen)
            guard length > 0, let target else { return nil }
            return (target, Int(length))
        }
        guard let (command, length) = formatted else {
            throw RedisError(code: .connection, message: "out of memory formatting a command", isRetryable: false)
        }
        defer { redisFreeCommand(command) }
        buffer.writeBytes(UnsafeRawBufferPointer(start: command, count: length))
    }
}
