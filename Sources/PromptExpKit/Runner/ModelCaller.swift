import Clocks

/// One model call as every caller makes it, the run's and the judges': the provider's
/// rate limit, retries with backoff and jitter, and the time it took, all on an injected
/// clock (a test advances a `TestClock` instead of waiting). Never throws: a failure is a
/// result.
struct ModelCaller: Sendable {
    let retry: RetryPolicy
    let clock: AnyClock<Duration>

    func call(
        _ request: ChatRequest, provider: any Provider, limiter: RateLimiter?, seed: UInt64
    ) async -> CallResult {
        var generator = SeededGenerator(seed: seed)
        let started = clock.now
        var attempt = 0
        while true {
            do {
                try await limiter?.acquire(tokens: CostEstimate.inputTokens(for: request))
            } catch {
                return .failed(.transport("cancelled"), milliseconds(since: started))
            }
            let attemptStart = clock.now
            do {
                let response = try await provider.complete(request)
                return .answered(
                    CachedResponse(
                        text: response.text, finishReason: response.finishReason, usage: response.usage,
                        latencyMilliseconds: milliseconds(since: attemptStart), toolCalls: response.toolCalls))
            } catch {
                guard let delay = retry.delay(afterAttempt: attempt, error: error, using: &generator),
                    !Task.isCancelled
                else { return .failed(error, milliseconds(since: started)) }
                attempt += 1
                do {
                    try await clock.sleep(for: .milliseconds(Int(delay * 1000)))
                } catch {
                    return .failed(error as? ProviderError ?? .transport("cancelled"), milliseconds(since: started))
                }
            }
        }
    }

    func milliseconds(since start: AnyClock<Duration>.Instant) -> Int {
        let elapsed = start.duration(to: clock.now)
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
