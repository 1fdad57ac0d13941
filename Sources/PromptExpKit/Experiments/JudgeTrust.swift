import Foundation

/// Whether each LLM judge is evidence, by how well it agrees with people: a judge with at
/// least `min_labels` labelled outputs whose Cohen's kappa with the labels is below
/// `min_kappa` does not count in the verdict (its scores are still shown); one with fewer
/// labels, or none, counts as before. Decided from the labels of the outputs as they are
/// (a label of an output a later run changed counts for nothing), the same way wherever a
/// verdict is made, so the run, its report, `promote` and `check` agree.
public struct JudgeTrust: Hashable, Sendable {
    /// Judges that do not count, with their agreement.
    public let notUsed: [LabelAgreement]
    /// One line for each judge with labels: used, not used, or not yet judged.
    public let notes: [String]

    public static let none = JudgeTrust(notUsed: [], notes: [])

    init(notUsed: [LabelAgreement], notes: [String]) {
        self.notUsed = notUsed
        self.notes = notes
    }

    /// `agreements` of every evaluator with the labels; `judges` the names that are LLM
    /// judges (only they are weighed by agreement).
    public init(agreements: [LabelAgreement], judges: Set<String>, policy: VerdictPolicy) {
        var notUsed: [LabelAgreement] = []
        var notes: [String] = []
        let threshold = String(format: "%.2f", policy.minKappa)
        for agreement in agreements where judges.contains(agreement.evaluator) {
            let name = "judge '\(agreement.evaluator)'"
            let labels = counted(agreement.outputs, "label")
            guard agreement.outputs >= policy.minLabels else {
                notes.append(
                    "\(name) has \(labels), fewer than min_labels (\(policy.minLabels)): its agreement with people is not judged yet, so it counts"
                )
                continue
            }
            // No kappa: people and the judge always said the same one thing; nothing
            // speaks against it.
            guard let kappa = agreement.kappa else {
                notes.append("\(name) said what people said on all \(labels): used")
                continue
            }
            let shown = String(format: "%.2f", kappa)
            if kappa < policy.minKappa {
                notUsed.append(agreement)
                notes.append("\(name) agrees with people κ=\(shown) < \(threshold) on \(labels): not used")
            } else {
                notes.append("\(name) agrees with people κ=\(shown) ≥ \(threshold) on \(labels): used")
            }
        }
        self.init(notUsed: notUsed, notes: notes)
    }

    /// "not decided: …" when no evaluator of `evaluators` is left to decide on; nil else.
    public func nothingLeft(of evaluators: [String]) -> String? {
        guard !notUsed.isEmpty, Set(evaluators).isSubset(of: notCounted) else { return nil }
        return
            "not decided: every evaluator is a judge people do not agree with (\(notUsed.map(\.evaluator).sorted().joined(separator: ", "))); label more outputs, fix the judge's rubric, or add an evaluator that is not a judge"
    }

    /// The names of the judges not used.
    public var notCounted: Set<String> { Set(notUsed.map(\.evaluator)) }

    /// `policy` with the judges not used taken out of the verdict.
    public func applied(to policy: VerdictPolicy) -> VerdictPolicy {
        var policy = policy
        policy.notCounted = notCounted
        return policy
    }
}
