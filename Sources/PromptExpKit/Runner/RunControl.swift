import Foundation

/// Lets the command line stop a run: the first request stops scheduling and lets the
/// calls in flight finish; the run then saves what it has.
public final class RunControl: @unchecked Sendable {
    // @unchecked: `stopped` is only read and written under `lock`.
    private let lock = NSLock()
    private var stopped = false

    public init() {}

    public func stop() { lock.withLock { stopped = true } }
    public var isStopped: Bool { lock.withLock { stopped } }
}
