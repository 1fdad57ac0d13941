/// How long to wait before retrying a failed call: exponential backoff with full jitter,
/// or the server's own `Retry-After` when it gave one.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    /// The first backoff, in seconds.
    public var baseDelay: Double
    /// No single wait is longer than this, Retry-After included.
    public var maxDelay: Double

    static let unreachableRetries = 2
    static let unreachableBaseDelay = 0.2

    public init(maxRetries: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 60) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before retry number `attempt` (0 for the first retry), or nil when the
    /// error is not worth retrying or the retries are spent.
    public func delay(afterAttempt attempt: Int, error: ProviderError, using generator: inout SeededGenerator)
        -> Double?
    {
        guard error.isRetryable, attempt < maxRetries else { return nil }
        if case .unreachable = error {
            // A refused connection or an unknown host answers at once; a few quick tries
            // catch a server that is restarting, and then the error is recorded.
            guard attempt < Self.unreachableRetries else { return nil }
            return Double.random(in: 0...(Self.unreachableBaseDelay * Double(1 << attempt)), using: &generator)
        }
        if let retryAfter = error.retryAfter { return min(retryAfter, maxDelay) }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt, 20)))
        return Double.random(in: 0...ceiling, using: &generator)
    }
}
