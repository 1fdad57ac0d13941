/// Holm's step-down adjustment of several p-values (Holm, "A simple sequentially rejective
/// multiple test procedure", Scandinavian Journal of Statistics 1979): it keeps the chance
/// of any false discovery among all the comparisons at α, and rejects at least what
/// Bonferroni does. Sorted ascending, the i-th smallest of m is multiplied by m − i + 1,
/// and each adjusted value is at least the one before it (and at most 1).
public enum HolmAdjustment {
    /// The adjusted p-values, in the order given.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
