import Foundation

/// How a run behaves, beyond what it runs.
public struct RunOptions: Sendable {
    public var concurrency: Int
    public var retry: RetryPolicy
    /// Stop scheduling before spend plus the in-flight estimate would pass this (dollars).
    public var maxCost: Double?
    /// Read answers from the cache (the command line then also stops writing to it).
    public var useCache: Bool
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    /// Seeds the retry jitter, so a test run is exact.
    public var seed: UInt64
    /// The most bytes of one answer a results line keeps (the rest is cut, and the whole
    /// size recorded as `output_bytes`); nil keeps every answer whole (`--keep-large`).
    public var maxStoredOutputBytes: Int? = RunOptions.defaultMaxStoredOutputBytes
    /// 256 KiB: about 64,000 tokens, past the longest answer most models give.
    public static let defaultMaxStoredOutputBytes = 256 * 1024
    /// Bytes of finished answers held in memory before they are written: past this the
    /// scheduler waits for the writer, so memory follows a budget of bytes, not of answers.
    public var bufferedBytesLimit = 32 * 1024 * 1024
    /// What judging one answered output is estimated to cost: counted against `maxCost`
    /// with each call (the judges run as rows are scored).
    public var judgeCostPerOutput = 0.0

    public init(
        concurrency: Int = 8, retry: RetryPolicy = RetryPolicy(), maxCost: Double? = nil, useCache: Bool = true,
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, seed: UInt64 = 0
    ) {
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.maxCost = maxCost
        self.useCache = useCache
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.seed = seed
    }
}

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

/// Why a run ended before every call was made.
public enum RunStop: Hashable, Sendable {
    case budget(limit: Double, spent: Double)
    case interrupted
    /// The provider refused the run itself, not one call: a wrong or missing key (401,
    /// 403) or a model it does not have (404). Every other call would fail the same way,
    /// so the run stops at the first such answer, and nothing is committed.
    case refused(provider: String, status: Int, message: String, keyVariable: String?)
}
