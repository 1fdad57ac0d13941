public import Clocks
import Foundation

/// Makes the model calls of LLM judges the way the runner makes a run's: answers reused
/// from the journal and the cache, a rate limit per provider, retries with backoff, every
/// finished call journaled at once (an interrupted scoring resumes without paying twice),
/// and costs counted in a ledger the report shows.
public final class JudgeCaller: Sendable {
    let factory: ProviderFactory
    let cache: ResponseCache?
    let journal: RunJournal?
    let retry: RetryPolicy
    let limits: (requestsPerMinute: Int?, tokensPerMinute: Int?)
    let clock: AnyClock<Duration>
    let state = JudgeState()
    /// A dry run needs no key: a judge's missing key is noted (`missingKeys`), not thrown.
    let defersKeyCheck: Bool
    private let missing = FirstFailure()

    public init(
        factory: ProviderFactory, cache: ResponseCache?, journal: RunJournal?, retry: RetryPolicy = RetryPolicy(),
        requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil,
        clock: AnyClock<Duration> = AnyClock(ContinuousClock()), defersKeyCheck: Bool = false
    ) {
        self.defersKeyCheck = defersKeyCheck
        self.factory = factory
        self.cache = cache
        self.journal = journal
        self.retry = retry
        limits = (requestsPerMinute, tokensPerMinute)
        self.clock = clock
    }

    /// Checks that the judge model's provider can be built (its key is set), before any call.
    public func prepare(_ model: ResolvedModel) throws(ProviderSetupError) {
        do {
            _ = try factory.provider(for: model.provider)
        } catch {
            guard defersKeyCheck else { throw error }
            missing.record(error.description)
        }
    }

    /// A judge's missing key, noted instead of thrown in a dry run.
    public var missingKey: String? { missing.message }

    /// What the judges have spent so far.
    public var ledger: JudgeLedger {
        get async { await state.ledger }
    }

    /// One judge call; a failure is a result, never a throw.
    public func complete(_ request: ChatRequest, model: ResolvedModel) async -> Result<CachedResponse, ProviderError> {
        let hash = PlannedCall.hash(provider: model.provider.name, request: request, repeatIndex: 0)
        for lookup in [journal as (any ResponseLookup)?, cache].compactMap({ $0 }) {
            if let found = lookup.response(for: hash) {
                await state.record(found, price: model.price, reused: true)
                return .success(found)
            }
        }
        let provider: any Provider
        do {
            provider = try factory.provider(for: model.provider)
        } catch {
            return .failure(.invalidRequest(error.description))
        }
        let limiter = await state.limiter(for: model.provider.name, limits: limits, clock: clock)
        let caller = ModelCaller(retry: retry, clock: clock)
        switch await caller.call(
            request, provider: provider, limiter: limiter, seed: UInt64(hash.prefix(16), radix: 16) ?? 0)
        {
        case .answered(let response), .reused(let response):
            try? journal?.append(response, for: hash)
            cache?.store(response, for: hash)
            await state.record(response, price: model.price, reused: false)
            return .success(response)
        case .failed(let error, _):
            await state.recordFailure()
            return .failure(error)
        }
    }

    /// Removes the journal once every judgement is safely written.
    public func finish() throws {
        try journal?.finish()
    }
}

/// Calls judges made, what was reused, and their cost.
public struct JudgeLedger: Hashable, Sendable {
    public var calls = 0
    public var reused = 0
    public var errors = 0
    public var inputTokens = 0
    public var outputTokens = 0
    public var cost = 0.0
    /// Calls whose model has no known price.
    public var unpriced = 0

    public init() {}

    /// What was spent after `earlier` (the ledger keeps counting across prompts).
    public func since(_ earlier: JudgeLedger) -> JudgeLedger {
        var delta = self
        delta.calls -= earlier.calls
        delta.reused -= earlier.reused
        delta.errors -= earlier.errors
        delta.inputTokens -= earlier.inputTokens
        delta.outputTokens -= earlier.outputTokens
        delta.cost -= earlier.cost
        delta.unpriced -= earlier.unpriced
        return delta
    }

    /// The ledger of a sequential run's last wave, when `earlierWaves` is what the waves
    /// before it spent: those judged rows the last wave rescores from the judges' cache,
    /// which is not a reuse of work done before the run. Tokens and cost stay the whole
    /// run's (only sent calls are counted in them).
    public func countingTheLastWaveOnly(earlierWaves earlier: JudgeLedger) -> JudgeLedger {
        var ledger = self
        ledger.calls -= earlier.calls
        ledger.errors -= earlier.errors
        let sentEarlier = earlier.calls - earlier.reused - earlier.errors
        ledger.reused = max(0, reused - earlier.reused - sentEarlier)
        return ledger
    }

    /// A ledger as `json` wrote it (in `summary.json`).
    public init?(json: JSONValue) {
        guard case .int(let calls)? = json["calls"] else { return nil }
        func int(_ key: String) -> Int { if case .int(let value)? = json[key] { value } else { 0 } }
        self.calls = calls
        reused = int("reused")
        errors = int("errors")
        inputTokens = int("input_tokens")
        outputTokens = int("output_tokens")
        cost = json["cost"]?.doubleValue ?? 0
        unpriced = int("unpriced_calls")
    }

    public var json: JSONValue {
        [
            "calls": .int(calls), "reused": .int(reused), "errors": .int(errors), "input_tokens": .int(inputTokens),
            "output_tokens": .int(outputTokens), "cost": .double(ResultRecord.rounded(cost)),
            "unpriced_calls": .int(unpriced),
        ]
    }

    /// One line for a report: `judges: 60 calls (20 reused), $0.0123`.
    public var line: String {
        var text = "judges: \(counted(calls, "call")) (\(reused) reused"
        if errors > 0 { text += ", \(errors) failed" }
        text += "), \(inputTokens) tokens in, \(outputTokens) out, " + NumberText.money(cost)
        if unpriced > 0 { text += " (\(counted(unpriced, "call")) of unpriced models not counted)" }
        return text
    }
}

/// The mutable parts of a `JudgeCaller`: its ledger and its rate limiters.
actor JudgeState {
    private(set) var ledger = JudgeLedger()
    private var limiters: [String: RateLimiter] = [:]

    func limiter(
        for provider: String, limits: (requestsPerMinute: Int?, tokensPerMinute: Int?), clock: AnyClock<Duration>
    ) -> RateLimiter {
        if let known = limiters[provider] { return known }
        let limiter = RateLimiter(
            requestsPerMinute: limits.requestsPerMinute, tokensPerMinute: limits.tokensPerMinute, clock: clock)
        limiters[provider] = limiter
        return limiter
    }

    func record(_ response: CachedResponse, price: ModelPrice?, reused: Bool) {
        ledger.calls += 1
        if reused { ledger.reused += 1 }
        guard !reused else { return }
        if let usage = response.usage {
            ledger.inputTokens += usage.inputTokens
            ledger.outputTokens += usage.outputTokens
            if let price { ledger.cost += price.cost(inputTokens: usage.inputTokens, outputTokens: usage.outputTokens) }
        }
        if price == nil { ledger.unpriced += 1 }
    }

    func recordFailure() {
        ledger.calls += 1
        ledger.errors += 1
    }
}
