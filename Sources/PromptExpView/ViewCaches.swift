import PromptExpKit

/// The answers one view server keeps: each large run's comparison and pair index, made
/// once per change of what they are made from and shared by every page load.
final class ViewCaches: Sendable {
    /// `/api/report`, per experiment state (results, prompts, labels, config).
    let reports = AnswerCache<JSONValue>(capacity: 16)
    /// Per results file, dataset and evaluator weights.
    let pairIndexes = AnswerCache<PairIndex>(capacity: 8)
}
