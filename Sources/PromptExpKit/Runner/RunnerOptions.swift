import Foundation

/// How a run behaves, beyond what it runs.
public struct RunnerOptions: Sendable {
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
    public var maxStoredOutputBytes: Int? = RunnerOptions.defaultMaxStoredOutputBytes
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
