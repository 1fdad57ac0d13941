import Dispatch
import Foundation

/// Runs `work`, which blocks (reads git and files), on a thread of Dispatch's instead of
/// Swift's cooperative pool. That pool has a thread per core: blocking work on each of
/// them would hold back every other request of the view, and Ctrl-C, until it was done.
func blockingWork<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}

/// Runs `work` that takes seconds (a large run's pair index or comparison) on a thread of
/// its own: Dispatch's threads, a few per core, stay free for the page's other requests
/// while it runs. Such work is rare: made once per run and kept.
func longWork<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.name = "promptexp-view-long-work"
        thread.start()
    }
}
