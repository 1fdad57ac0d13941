import Clocks
import Foundation

/// Set once by a task under test, read by the test.
final class DoneFlag: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Advances `clock` a step at a time, letting the waiting tasks run between steps, until
/// `done()` or `limit` of test time has passed; returns the test time it took. Bounded, so
/// a task that never reaches its sleep fails the test instead of hanging it.
func advance(
    _ clock: TestClock<Duration>, until done: () -> Bool, step: Duration = .milliseconds(10),
    limit: Duration = .seconds(60)
) async -> Duration {
    var passed = Duration.zero
    while !done(), passed < limit {
        // Wall-clock pauses only let real work (an HTTP answer, a task reaching its sleep)
        // happen; time as the code under test sees it moves only here.
        for _ in 0..<20 where !done() { await Task.yield() }
        if done() { break }
        try? await Task.sleep(for: .milliseconds(1))
        if done() { break }
        await clock.advance(by: step)
        passed += step
    }
    return passed
}
