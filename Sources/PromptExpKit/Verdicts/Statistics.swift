import Foundation

/// The statistics behind verdicts: seeded bootstrap intervals and McNemar's exact test.
/// Seeded, so the same results give the same intervals on every machine.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// A percentile bootstrap interval for the mean: `resamples` means of samples drawn
    /// with replacement, cut at the tails. For paired data pass the per-row differences.
    public static func bootstrapInterval(
        _ values: [Double], confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0
    ) -> ClosedRange<Double> {
        bootstrapInterval(of: values, confidence: confidence, resamples: resamples, seed: seed)
    }

    /// The same over values stored small (`Float`, one a row in the verdict builders); the
    /// resampled means are summed in `Double`.
    public static func bootstrapInterval<Value: BinaryFloatingPoint>(
        of values: [Value], confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0
    ) -> ClosedRange<Double> {
        guard values.count > 1 else {
            let only = Double(values.first ?? 0)
            return only...only
        }
        var generator = SeededGenerator(seed: seed)
        let count = values.count
        var means = [Double](repeating: 0, count: resamples)
        let draw = FastRemainder(divisor: UInt64(count))
        values.withUnsafeBufferPointer { buffer in
            for index in 0..<resamples {
                var sum = 0.0
                for _ in 0..<count { sum += Double(buffer[Int(draw.of(generator.next()))]) }
                means[index] = sum / Double(count)
            }
        }
        means.sort()
        let tail = (1 - confidence) / 2
        let low = means[max(0, Int((tail * Double(resamples)).rounded(.down)))]
        let high = means[min(resamples - 1, Int(((1 - tail) * Double(resamples)).rounded(.up)) - 1)]
        return low...high
    }

    /// McNemar's exact test: the two-sided p-value that `worse` rows going pass → fail
    /// against `better` going fail → pass arose by chance (a binomial test with p = ½ on
    /// the discordant rows). 1 when there are none.
    public static func mcNemarExact(worse: Int, better: Int) -> Double {
        let n = worse + better
        guard n > 0 else { return 1 }
        let k = min(worse, better)
        // P(X ≤ k) for X ~ Binomial(n, ½), summed in log space so large n stays exact enough.
        var logTerm = -Double(n) * log(2.0)  // log C(n, 0) · ½ⁿ
        var tail = exp(logTerm)
        if k > 0 {
            for i in 1...k {
                logTerm += log(Double(n - i + 1)) - log(Double(i))
                tail += exp(logTerm)
            }
        }
        return min(1, 2 * tail)
    }
}
