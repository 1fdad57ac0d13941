import Foundation

/// How many calls can be in flight at once without running out of file descriptors: each
/// holds a socket, and the cache, the journal and the results need files of their own.
/// Past the limit the HTTP stack fails to open sockets (it trapped, losing every answer).
enum OpenFilesLimit {
    /// Descriptors kept back for files, pipes and the standard streams.
    static let reserve = 128

    /// The most calls in flight this process can hold under its soft limit on open files,
    /// leaving room for `reserve` and a second socket per call (a connection being replaced
    /// while its answer is read). The limit is read, never raised: a raised limit is
    /// inherited by every child process (git, evaluator commands), some of which walk every
    /// possible descriptor when they start.
    static func maximumConcurrency() -> Int {
        var limits = rlimit()
        guard getrlimit(Platform.openFilesResource, &limits) == 0 else { return 256 }
        let available = Int(clamping: limits.rlim_cur) - reserve
        return max(1, available / 2)
    }

    /// `requested` clamped to what the process can open, with the note to show when it was.
    static func clamp(_ requested: Int) -> (concurrency: Int, note: String?) {
        let most = maximumConcurrency()
        guard requested > most else { return (requested, nil) }
        return (
            most,
            "concurrency \(requested) is more than this process can open at once (ulimit -n); using \(most)"
        )
    }
}
