@testable import RedisClient
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Dedicated threads")
struct DedicatedThreadTests {
    @Test("threads running hiredis block SIGPIPE, so a write to a reset socket cannot kill the process")
    func sigpipeIsBlocked() async {
        let blocked = await withCheckedContinuation { continuation in
            DedicatedThread.start(name: "sigpipe-check") {
                var current = sigset_t()
                sigemptyset(&current)
                pthread_sigmask(SIG_BLOCK, nil, &current)
                continuation.resume(returning: sigismember(&current, SIGPIPE) == 1)
            }
        }
        #expect(blocked)
    }
}
