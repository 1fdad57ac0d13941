/// Settings every run starts from; command-line flags override them.
public struct ConfigDefaults: Hashable, Sendable {
    /// The model used when neither the prompt nor the command names one.
    public var model: String?
    /// Calls in flight at once.
    public var concurrency = 8
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    /// Stop scheduling calls before spend would pass this many dollars.
    public var maxCost: Double?
    public var timeoutSeconds: Double = 120
    public var maxRetries = 4

    public init() {}
}
