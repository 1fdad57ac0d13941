/// How a verdict is decided, from `verdict:` in `.promptexp/config.yaml`.
///
/// For each model, over the rows both variants answered (repeats averaged per row):
/// - **regressed** when the paired mean difference (candidate − base) has its whole
///   `confidence` interval below zero and is at least `min_effect` in size, or when
///   McNemar's exact test on the rows that went pass → fail against fail → pass gives
///   p < 1 − `confidence` with more pass → fail, by at least `min_effect` of the rows;
/// - **improved** by the same rule in the other direction;
/// - **no significant change** otherwise. Both at once counts as regressed.
/// The experiment regressed when any model did; improved when none regressed and one improved.
public struct VerdictPolicy: Hashable, Sendable {
    /// The smallest change worth a verdict, as a share of the score scale (0.02 = 2 points).
    public var minEffect = 0.02
    public var confidence = 0.95
    public var resamples = 2000
    public var seed: UInt64 = 0
    /// `sequential: true`: experiments and `check` decide sequentially by default (see
    /// `SequentialRun`).
    public var sequential = false
    /// When set, the comparison is sequential: the rows are taken in the order this seed
    /// gives them (`SequentialOrder`) and `SequentialPairedTest` decides each model, the
    /// fixed-size rule only where it did not. Set from what a run recorded, never by hand.
    public var sequentialOrder: UInt64?
    /// `min_labels`: a judge's agreement with people's labels is judged once it has this
    /// many labelled outputs. 20: below that, Cohen's kappa is too noisy to tell a judge
    /// that agrees moderately from one that does not (its standard error is about 0.2).
    public var minLabels = 20
    /// `min_kappa`: a judge whose kappa with people is below this is not evidence. 0.4:
    /// where "moderate" agreement begins on Landis & Koch's scale (1977); below it a
    /// judge's pass/fail is little better than chance against what people say.
    public var minKappa = 0.4
    /// Evaluators that do not count in this verdict (a judge people do not agree with):
    /// their scores are shown, and weigh nothing. Set from the labels, never by hand.
    public var notCounted: Set<String> = []

    /// `weights` with the evaluators not counted at 0.
    public func countedWeights(_ weights: [String: Double]) -> [String: Double] {
        guard !notCounted.isEmpty else { return weights }
        var counted = weights
        for name in notCounted { counted[name] = 0 }
        return counted
    }

    public init(minEffect: Double = 0.02, confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0) {
        self.minEffect = minEffect
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
    }

    public var alpha: Double { 1 - confidence }
}
