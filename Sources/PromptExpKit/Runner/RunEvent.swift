/// What a run reports as it goes; the command line turns these into a progress bar.
public enum RunEvent: Sendable {
    case started(total: Int)
    case progress(RunProgress)
    case warning(String)
    /// An earlier, interrupted attempt left this many finished calls: they are kept.
    case resuming(finishedCalls: Int)
}

/// A snapshot of a run in progress.
public struct RunProgress: Sendable {
    public var done = 0
    public var total = 0
    public var reused = 0
    public var errors = 0
    public var cost = 0.0
    public var sent = 0

    public init() {}
}
