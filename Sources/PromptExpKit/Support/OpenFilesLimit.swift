import Foundation

/// How many calls can be in flight at once without running out of file descriptors: each
/// holds a socket, and the cache, the journal and the results need files of their own.
/// Past the limit the HTTP stack fails to open sockets (it trapped, losing every answer).
enum OpenFilesLimit {
    /// Descriptors kept back for files, pipes and the standard streams.
    static let reserve = 128

    /// The most calls in flight this process can hold: raises the soft limit on open files
    /// to the hard one first (as servers do), then leaves room for `reserve` and for a
    /// second socket per call (a connection being replaced while its answer is read).
    static func maximumConcurrency() -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return 256 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = min(limits.rlim_max, 1 << 20)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
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
