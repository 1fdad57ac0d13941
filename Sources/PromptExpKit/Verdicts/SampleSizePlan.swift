import Foundation

/// How many rows a paired comparison needs to see a drop of a given size, and the
/// smallest drop a number of rows can see: for the paired differences (candidate − base)
/// of per-row scores, whose second moment `ψ` is, for pass/fail evaluators, the share of
/// rows whose outcome flips (discordant pairs). The sample size is Connor's for McNemar's
/// test (Connor, "Sample size for testing differences in proportions for the paired-sample
/// design", Biometrics 1987), which for scores in [0, 1] is the normal approximation of the
/// paired mean's test with variance ψ − δ² under the alternative.
public struct SampleSizePlan: Hashable, Sendable {
    /// The second moment of the paired differences: the share of flipping rows for
    /// pass/fail scores.
    public let discordance: Double
    public let alpha: Double
    public let power: Double

    public init(discordance: Double, alpha: Double, power: Double) {
        self.discordance = discordance
        self.alpha = alpha
        self.power = power
    }

    /// Rows needed to detect a drop of `drop` (0.05 = 5 points) with the plan's power, a
    /// two-sided test at α. A drop of δ flips at least δ of the rows, so the discordance
    /// is taken as at least δ.
    public func rows(toDetect drop: Double) -> Int {
        let delta = abs(drop)
        guard delta > 0 else { return Int.max }
        let psi = max(discordance, delta)
        let zAlpha = Self.normalQuantile(1 - alpha / 2)
        let zBeta = Self.normalQuantile(power)
        let root = zAlpha * psi.squareRoot() + zBeta * max(0, psi - delta * delta).squareRoot()
        return Int((root * root / (delta * delta)).rounded(.up))
    }

    /// The smallest drop `rows` rows detect with the plan's power (found by bisection on
    /// `rows(toDetect:)`, which falls as the drop grows); 1 when not even a total drop is.
    public func smallestDetectableDrop(rows: Int) -> Double {
        guard rows > 0, self.rows(toDetect: 1) <= rows else { return 1 }
        var low = 0.0
        var high = 1.0
        for _ in 0..<50 {
            let middle = (low + high) / 2
            if self.rows(toDetect: middle) <= rows { high = middle } else { low = middle }
        }
        return high
    }

    /// The standard normal's quantile function, by Acklam's rational approximation
    /// (relative error below 1.2e-9), refined by one Halley step on `erfc`.
    static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [
            -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716,
            2.506628277459239,
        ]
        let b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
        let c = [
            -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
            4.374664141464968, 2.938163982698783,
        ]
        let d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let error = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        return x - u / (1 + x * u / 2)
    }
}
