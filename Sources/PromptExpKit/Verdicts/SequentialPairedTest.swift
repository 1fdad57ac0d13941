import Foundation

/// An anytime-valid verdict on the mean paired difference (candidate − base) of scores in
/// [0, 1]: it may be looked at after every row and stopped the first time it decides,
/// with its error rates kept at every stopping time — unlike a fixed-size test repeated as
/// rows come in, which inflates false alarms.
///
/// It is a test by betting (Waudby-Smith & Ramdas, "Estimating means of bounded random
/// variables by betting", JRSS-B 2024; the time-uniform view of Howard, Ramdas,
/// McAuliffe & Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences",
/// Annals of Statistics 2021). A difference `d` in [−1, 1] is mapped to `x = (d + 1) / 2`
/// in [0, 1]; for a boundary `m`, the wealth `K = Π (1 ± λᵢ (xᵢ − m))` of a gambler
/// betting that the mean lies on one side of `m` is a nonnegative supermartingale when it
/// does not (for every mean on the other side, so the null may be composite), and by
/// Ville's inequality it ever reaches `1 / a` with probability at most `a`. Three such
/// gamblers run side by side:
///
/// - *regressed*: the mean is below −margin (wealth against `m = (1 − margin) / 2`);
/// - *non-inferior*: the mean is above −margin (the same boundary, the other side);
/// - *improved*: the mean is above 0 (`m = 1/2`).
///
/// Each is a one-sided test at α: whatever the true change, only one of *regressed* and
/// *non-inferior* can be wrong, so neither a false alarm nor a regression passed happens
/// with more than α, at any stopping time.
///
/// The bets are a mixture (an average of the wealth of gamblers staking fixed fractions of
/// the largest safe bet, from 2% to 55% in 20 steps), which is itself a nonnegative
/// supermartingale under the null, so Ville's inequality holds for it. Against the
/// adaptive plug-in bets of the paper (aGRAPA, predictable plug-in) it reaches a decision
/// on fewer rows for the paired pass/fail differences promptexp sees, most rows being 0:
/// `bench/sequential` prints its error rates and the rows it uses.
public struct SequentialPairedTest: Sendable {
    public enum Decision: String, Hashable, Sendable {
        case regressed
        case nonInferior = "non-inferior"
        case improved
    }

    public let margin: Double
    public let alpha: Double
    private var regressedWealth = Gambler(boundary: 0, upward: false)
    private var nonInferiorWealth = Gambler(boundary: 0, upward: true)
    private var improvedWealth = Gambler(boundary: 0.5, upward: true)
    public private(set) var rows = 0
    private var differenceSum = 0.0
    /// The decision reached: the first of *regressed* and *non-inferior*, and a
    /// *non-inferior* one raised to *improved* once that test decides too (an improvement
    /// is non-inferior, so the claims nest and each keeps its own α).
    public private(set) var decision: Decision?
    /// The row after which the decision (as it now stands) was reached.
    public private(set) var decidedAfter: Int?
    /// The first row after which the test was settled (`isSettled`): where a run stops.
    public private(set) var settledAfter: Int?

    /// `margin`: the drop that counts as a regression, on the score scale (0.02 = 2
    /// points); `alpha`: the chance of any wrong decision, at any stopping time.
    public init(margin: Double, alpha: Double) {
        self.margin = max(0, min(margin, 0.99))
        self.alpha = alpha
        let boundary = (1 - self.margin) / 2
        regressedWealth = Gambler(boundary: boundary, upward: false)
        nonInferiorWealth = Gambler(boundary: boundary, upward: true)
    }

    /// The mean paired difference of the rows so far.
    public var meanDifference: Double { rows == 0 ? 0 : differenceSum / Double(rows) }

    /// Whether more rows could change nothing the gate needs: regressed, improved, or
    /// non-inferior while the rows so far do not look like an improvement (mean below the
    /// margin). A run stops here; a non-inferior candidate that looks better goes on, so
    /// a clear improvement is named as one.
    public var isSettled: Bool {
        switch decision {
        case .regressed, .improved: true
        case .nonInferior: meanDifference < margin
        case nil: false
        }
    }

    /// Adds one row's paired difference (candidate − base, in [−1, 1]).
    public mutating func add(_ difference: Double) {
        let clamped = min(1, max(-1, difference))
        let x = (clamped + 1) / 2
        regressedWealth.bet(on: x)
        nonInferiorWealth.bet(on: x)
        improvedWealth.bet(on: x)
        rows += 1
        differenceSum += clamped
        let threshold = log(1 / alpha)
        switch decision {
        case nil:
            if regressedWealth.logWealth >= threshold {
                decision = .regressed
            } else if improvedWealth.logWealth >= threshold {
                decision = .improved
            } else if nonInferiorWealth.logWealth >= threshold {
                decision = .nonInferior
            }
            if decision != nil { decidedAfter = rows }
        case .nonInferior where improvedWealth.logWealth >= threshold:
            decision = .improved
            decidedAfter = rows
        default:
            break
        }
        if settledAfter == nil, isSettled { settledAfter = rows }
    }

    /// A mixture of gamblers on one side of one boundary, each staking a fixed fraction of
    /// the largest bet that keeps `1 ± λ(x − m)` positive for every x in [0, 1]. Wealth is
    /// kept as logarithms, so long runs neither overflow nor underflow.
    struct Gambler: Sendable {
        static let fractions = (0..<20).map { 0.02 + Double($0) * 0.53 / 19 }

        let boundary: Double
        /// Betting that the mean is above the boundary (else below).
        let upward: Bool
        private var logWealths = [Double](repeating: 0, count: Gambler.fractions.count)

        init(boundary: Double, upward: Bool) {
            self.boundary = boundary
            self.upward = upward
        }

        mutating func bet(on x: Double) {
            let safe = upward ? 1 / boundary : 1 / (1 - boundary)
            let gain = upward ? x - boundary : boundary - x
            for (index, fraction) in Self.fractions.enumerated() {
                logWealths[index] += log1p(fraction * safe * gain)
            }
        }

        /// The log of the gamblers' mean wealth.
        var logWealth: Double {
            let top = logWealths.max() ?? 0
            let sum = logWealths.reduce(0) { $0 + exp($1 - top) }
            return top + log(sum / Double(logWealths.count))
        }
    }
}
