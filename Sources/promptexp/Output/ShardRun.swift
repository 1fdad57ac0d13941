import Foundation
import PromptExpKit

/// A shard's run and a merge of parts, as the command line shows them.
enum ShardRun {
    /// Runs one shard of `job` into its part (unscored: scores need every part), and
    /// drops its journal once the part is whole. The caller holds the job's lock.
    static func present(
        _ job: RunJob, shard: Shard, in context: RunContext, presenter: RunPresenter, confirm: (() -> Bool)?
    ) async throws {
        guard !job.dryRun else {
            _ = try await presenter.execute(job, in: context)
            return
        }
        guard let run = try await presenter.execute(job, in: context, confirm: confirm) else { return }
        if let problem = job.problem(with: run.outcome) { throw problem }
        try job.discardJournal()
        presenter.console.print("shard \(shard): \(counted(job.plan.callCount, "call")) written to \(job.outputPath)")
    }

    /// Merges `parts` into the job's results, scored, and prints the summary.
    static func merge(_ job: RunJob, parts: [URL], evaluators: [any Evaluator], presenter: RunPresenter)
        async throws -> RunJob.Result
    {
        let result = try await job.merge(parts: parts, evaluators: evaluators)
        presenter.console.write("merged \(counted(parts.count, "part")) into \(job.outputPath)\n")
        presenter.printSummary(result.outcome, job: job)
        return result
    }

    /// Parts are in the committed results now: they go, so the tree is clean.
    static func removeMerged(_ parts: [URL]) {
        for part in parts { try? FileManager.default.removeItem(at: part) }
    }
}
