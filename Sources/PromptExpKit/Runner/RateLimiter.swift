public import Clocks
import Foundation

/// Keeps one provider under its requests-per-minute and tokens-per-minute limits: two
/// token buckets that refill continuously; a caller waits until both have room.
public actor RateLimiter {
    private let requestsPerMinute: Double?
    private let tokensPerMinute: Double?
    private var requestAllowance: Double
    private var tokenAllowance: Double
    private var lastRefill: AnyClock<Duration>.Instant
    private let clock: AnyClock<Duration>

    public init(requestsPerMinute: Int?, tokensPerMinute: Int?, clock: AnyClock<Duration> = AnyClock(ContinuousClock()))
    {
        self.clock = clock
        self.requestsPerMinute = requestsPerMinute.map(Double.init)
        self.tokensPerMinute = tokensPerMinute.map(Double.init)
        // Start full, as the providers do: a burst up to the limit is allowed.
        requestAllowance = self.requestsPerMinute ?? 0
        tokenAllowance = self.tokensPerMinute ?? 0
        lastRefill = clock.now
    }

    /// Waits until one request of about `tokens` tokens fits, then takes its share.
    public func acquire(tokens: Int) async throws {
        guard requestsPerMinute != nil || tokensPerMinute != nil else { return }
        while true {
            refill()
            let needTokens = min(Double(tokens), tokensPerMinute ?? 0)
            let requestWait =
                requestsPerMinute.map { perMinute in requestAllowance >= 1 ? 0 : (1 - requestAllowance) * 60 / perMinute
                } ?? 0
            let tokenWait =
                tokensPerMinute.map { perMinute in
                    tokenAllowance >= needTokens ? 0 : (needTokens - tokenAllowance) * 60 / perMinute
                } ?? 0
            let wait = max(requestWait, tokenWait)
            if wait <= 0 {
                if requestsPerMinute != nil { requestAllowance -= 1 }
                if tokensPerMinute != nil { tokenAllowance -= needTokens }
                return
            }
            try await clock.sleep(for: .milliseconds(Int(wait * 1000) + 1))
        }
    }

    private func refill() {
        let now = clock.now
        let elapsed = lastRefill.duration(to: now)
        let minutes = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / 60
        lastRefill = now
        if let perMinute = requestsPerMinute {
            requestAllowance = min(perMinute, requestAllowance + perMinute * minutes)
        }
        if let perMinute = tokensPerMinute { tokenAllowance = min(perMinute, tokenAllowance + perMinute * minutes) }
    }
}
