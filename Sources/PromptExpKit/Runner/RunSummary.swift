/// Aggregates of a run per variant and model: calls, errors, cache hits, tokens, cost, latency.
public struct RunSummary: Sendable {
    public struct Group: Sendable {
        public let variant: String
        public let model: String
        public var calls = 0
        public var errors = 0
        /// Answered from the cache, the run journal or committed results: not paid again.
        public var reused = 0
        public var inputTokens = 0
        public var outputTokens = 0
        /// Dollars over the calls whose price is known.
        public var cost = 0.0
        /// Calls whose price is unknown.
        public var unpricedCalls = 0
        var latencies: [Int] = []

        public var latencyP50: Int? { Self.percentile(latencies, 0.50) }
        public var latencyP95: Int? { Self.percentile(latencies, 0.95) }

        /// Nearest-rank percentile.
        static func percentile(_ values: [Int], _ fraction: Double) -> Int? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[max(0, min(sorted.count - 1, rank - 1))]
        }
    }

    public private(set) var groups: [Group] = []
    /// Calls actually sent to a provider in this run (retries not counted).
    public var sentCalls = 0

    public init() {}

    public mutating func add(_ record: ResultRecord, reused: Bool) {
        let index = groups.firstIndex { $0.variant == record.variant && $0.model == record.model } ?? {
            groups.append(Group(variant: record.variant, model: record.model))
            return groups.count - 1
        }()
        groups[index].calls += 1
        if reused { groups[index].reused += 1 }
        if record.error != nil { groups[index].errors += 1 }
        if let usage = record.usage {
            groups[index].inputTokens += usage.inputTokens
            groups[index].outputTokens += usage.outputTokens
        }
        if let cost = record.cost { groups[index].cost += cost } else if record.error == nil { groups[index].unpricedCalls += 1 }
        if let latency = record.latencyMilliseconds, record.error == nil { groups[index].latencies.append(latency) }
    }

    public var totalCalls: Int { groups.reduce(0) { $0 + $1.calls } }
    public var totalErrors: Int { groups.reduce(0) { $0 + $1.errors } }
    public var totalReused: Int { groups.reduce(0) { $0 + $1.reused } }
    public var totalCost: Double { groups.reduce(0) { $0 + $1.cost } }
    public var totalInputTokens: Int { groups.reduce(0) { $0 + $1.inputTokens } }
    public var totalOutputTokens: Int { groups.reduce(0) { $0 + $1.outputTokens } }
    public var allLatencies: [Int] { groups.flatMap(\.latencies) }
}
