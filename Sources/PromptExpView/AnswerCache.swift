import Synchronization

/// Answers kept by a key that names everything they were made from, a few at a time: the
/// view's costly answers (a large run's comparison, its pair index) are made once per
/// change, not per page load. An answer being made is shared too: the page's requests
/// that arrive while the server warms a run up wait for that one making instead of
/// starting their own.
final class AnswerCache<Value: Sendable>: Sendable {
    private let answers = Mutex<[String: Task<Value, any Error>]>([:])
    private let capacity: Int
    private let makings = Atomic<Int>(0)

    /// How many answers were made (not found kept): what the tests count.
    var madeCount: Int { makings.load(ordering: .relaxed) }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The answer kept under `key`, made by `make` (off the caller's task, so a browser
    /// that gives up does not cancel what the next load will want, and off the
    /// cooperative pool and Dispatch's: see `longWork`) when there is none.
    func value(key: String, make: @escaping @Sendable () throws -> Value) async throws -> Value {
        let making = answers.withLock { kept in
            if let found = kept[key] { return found }
            // Whoever waits on an answer dropped here still gets it; it is only not kept.
            if kept.count >= capacity { kept.removeAll() }
            makings.add(1, ordering: .relaxed)
            let task = Task.detached { try await longWork(make) }
            kept[key] = task
            return task
        }
        do {
            return try await making.value
        } catch {
            // A failure is not kept: the next request tries again.
            answers.withLock { kept in
                if kept[key] == making { kept[key] = nil }
            }
            throw error
        }
    }
}
