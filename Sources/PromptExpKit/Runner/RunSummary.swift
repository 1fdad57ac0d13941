import Histogram

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
        /// Calls answered (or failed) through a provider's batch API.
        public var batched = 0
        /// Latencies of successful calls, in milliseconds: a histogram (three significant
        /// digits) keeps memory flat however many calls a run makes.
        var latencies = Histogram<UInt64>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .three)

        init(variant: String, model: String) {
            self.variant = variant
            self.model = model
            latencies.autoResize = true
        }

        public var latencyP50: Int? { percentile(50) }
        public var latencyP95: Int? { percentile(95) }

        public func percentile(_ percent: Double) -> Int? {
            latencies.totalCount == 0 ? nil : Int(latencies.valueAtPercentile(percent))
        }
    }

    public private(set) var groups: [Group] = []
    /// Calls actually sent to a provider in this run (retries not counted).
    public var sentCalls = 0

    public init() {}

    /// Starts a group for each variant × model of `plan`, in the plan's order, so the
    /// summary lists them that way whichever call finishes first.
    init(plan: RunPlan) {
        for variant in plan.variants {
            for model in plan.models(for: variant)
            where !groups.contains(where: {
                $0.variant == variant.label && $0.model == model.name
            }) {
                groups.append(Group(variant: variant.label, model: model.name))
            }
        }
    }

    public mutating func add(_ record: ResultRecord, reused: Bool) {
        let index =
            groups.firstIndex { $0.variant == record.variant && $0.model == record.model }
            ?? {
                groups.append(Group(variant: record.variant, model: record.model))
                return groups.count - 1
            }()
        groups[index].calls += 1
        if reused { groups[index].reused += 1 }
        if record.batch != nil { groups[index].batched += 1 }
        if record.error != nil { groups[index].errors += 1 }
        if let usage = record.usage {
            groups[index].inputTokens += usage.inputTokens
            groups[index].outputTokens += usage.outputTokens
        }
        if let cost = record.cost {
            groups[index].cost += cost
        } else if record.error == nil {
            groups[index].unpricedCalls += 1
        }
        if let latency = record.latencyMilliseconds, record.error == nil {
            _ = groups[index].latencies.record(UInt64(max(0, latency)))
        }
    }

    /// Folds in what the earlier waves of a sequential run sent (their successful calls,
    /// by `key(variant:model:)`, and every call sent): the last wave answers those calls
    /// from the run's own journal, which is this run's spending, not a reuse of work done
    /// before it.
    mutating func countSentByEarlierWaves(_ sent: [String: Int], calls: Int) {
        for index in groups.indices {
            let key = Self.key(variant: groups[index].variant, model: groups[index].model)
            groups[index].reused = max(0, groups[index].reused - (sent[key] ?? 0))
        }
        sentCalls += calls
    }

    /// A group's name as one string, for tallies kept beside the summary.
    static func key(variant: String, model: String) -> String { variant + "\u{1F}" + model }

    public var totalCalls: Int { groups.reduce(0) { $0 + $1.calls } }
    public var totalErrors: Int { groups.reduce(0) { $0 + $1.errors } }
    public var totalReused: Int { groups.reduce(0) { $0 + $1.reused } }
    public var totalBatched: Int { groups.reduce(0) { $0 + $1.batched } }
    public var totalCost: Double { groups.reduce(0) { $0 + $1.cost } }
    public var totalInputTokens: Int { groups.reduce(0) { $0 + $1.inputTokens } }
    public var totalOutputTokens: Int { groups.reduce(0) { $0 + $1.outputTokens } }
}
