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

    public init(minEffect: Double = 0.02, confidence: Double = 0.95, resamples: Int = 2000, seed: UInt64 = 0) {
        self.minEffect = minEffect
        self.confidence = confidence
        self.resamples = resamples
        self.seed = seed
    }

    public var alpha: Double { 1 - confidence }
}
