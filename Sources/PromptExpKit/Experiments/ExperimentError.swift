public import Foundation

/// Problems with an experiment as a whole: its name, its branch, its spec.
public enum ExperimentError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    case invalidName(String)
    case exists(String)
    case unknown(String, suggestions: [String])
    case notOnExperimentBranch(branch: String?)
    case malformedSpec(SourceLocation, String)
    case baseNotCommitted(prompt: String)
    case notRun(String)
    /// The checkout moved under a run: the branch or the candidate file is no longer what
    /// the run started from, so committing would pair these answers with another prompt.
    case checkoutMoved(name: String, reason: String)
    /// `exp compare` of experiments that do not compare like with like.
    case notComparable(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "'\(name)' is not a valid experiment name: use letters, digits, '-', '_' and '.'"
        case .exists(let name):
            return "experiment '\(name)' already exists (branch exp/\(name))"
        case .unknown(let name, let suggestions):
            let hint =
                suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return "no experiment named '\(name)' (no branch exp/\(name))\(hint)"
        case .notOnExperimentBranch(let branch):
            return
                "\(branch.map { "branch '\($0)'" } ?? "a detached HEAD") is not an experiment branch: name the experiment, or switch to exp/NAME"
        case .malformedSpec(let location, let message):
            return "\(location): \(message)"
        case .baseNotCommitted(let prompt):
            return "prompt '\(prompt)' has no committed version to start from: commit it first"
        case .checkoutMoved(let name, let reason):
            return
                "not committed: \(reason); the answers are kept: switch back to exp/\(name) with the candidate as it was and run promptexp exp run \(name) again to commit them without paying twice"
        case .notComparable(let reason):
            return "cannot compare: \(reason)"
        case .notRun(let name):
            return "experiment '\(name)' has no committed run yet: switch to exp/\(name) and run promptexp exp run"
        }
    }

    public var errorDescription: String? { description }
}
