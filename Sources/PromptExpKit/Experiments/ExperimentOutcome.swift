import Foundation

/// What one `exp run` found: the run's totals, and base against candidate as a digest of
/// the results (changed outputs, scores and the verdict), and the files that record it
/// (`summary.json`, `report.md`). It holds no results of its own, so a run of any size
/// makes it in the same memory.
public struct ExperimentOutcome: Sendable {
    public let spec: ExperimentSpec
    public let candidateBlob: ObjectID
    /// The files the candidate names (tools, a response schema) as the run read them.
    public var candidateFiles: [String: ObjectID] = [:]
    /// The run's own totals (calls sent and reused).
    public let summary: RunSummary
    public let digest: ResultsDigest
    /// What the judge evaluators' model calls cost; nil when there were none.
    public var judges: JudgeLedger?
    /// A sequential run's rows sent and not needed; nil for a run over every row.
    public var sequential: SequentialRecord?
    /// What people's labels say of each judge (`JudgeTrust`): used, or not.
    public var judgeNotes: [String] = []

    public init(spec: ExperimentSpec, candidateBlob: ObjectID, summary: RunSummary, digest: ResultsDigest) {
        self.spec = spec
        self.candidateBlob = candidateBlob
        self.summary = summary
        self.digest = digest
    }

    public var pairs: Int { digest.pairs }
    /// Scores compared row by row, with the verdict; nil when the experiment has no evaluators.
    public var comparison: ScoreComparison? { digest.comparison }

    /// The commit message's first line and body.
    public var commitMessage: String {
        var message = "exp \(spec.name): run — "
        if let comparison {
            message += "\(comparison.verdict.rawValue)"
            if let model = comparison.models.first, comparison.models.count == 1 {
                message += " (score \(NumberText.signed(model.meanDifference)))"
            }
            message += ", "
        }
        message += "\(digest.changed) of \(pairs) outputs changed"
        message += ", cost \(NumberText.money(summary.totalCost))\n\n"
        if let sequential { message += sequential.line + "\n" }
        for note in judgeNotes { message += note + "\n" }
        for group in summary.groups {
            message +=
                "\(group.variant) \(group.model): \(counted(group.calls, "call")), \(counted(group.errors, "error")), \(group.reused) reused\n"
        }
        if spec.baseFromLog { message += "base: production's answers from the request log\n" }
        if let judges { message += judges.line + "\n" }
        for model in comparison?.models ?? [] {
            message +=
                "\(model.model): mean score \(NumberText.score(model.base.meanScore)) → \(NumberText.score(model.candidate.meanScore)) "
                + "(Δ \(NumberText.signed(model.meanDifference)), 95% CI \(NumberText.signedInterval(model.interval))), "
                + "pass \(NumberText.percent(model.base.passRate)) → \(NumberText.percent(model.candidate.passRate)), "
                + "\(model.passToFail) pass → fail, \(model.failToPass) fail → pass: \(model.verdict.rawValue)\n"
        }
        return message
    }
}
