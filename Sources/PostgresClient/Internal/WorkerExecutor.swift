/// Runs Swift tasks on a slot's worker thread, as the task executor preference of a lease
/// (`withConnection`). The lessee's code then executes on the thread that owns its connection, so
/// a series of statements costs no thread hop per statement: each libpq call runs in place. The
/// thread serves only this lease meanwhile, so nothing else waits behind the lessee's code.
final class WorkerExecutor: TaskExecutor {
    private let worker: WorkerThread

    init(worker: WorkerThread) { self.worker = worker }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        let accepted = worker.submit { job.runSynchronously(on: executor) }
        if !accepted {
            // The client was closed while the lease's task still runs: let it finish elsewhere
            // rather than never being resumed.
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }
}
