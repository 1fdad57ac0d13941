import Foundation
import PromptExpKit

/// How a run looks on the command line: the estimate, the question before sending, a
/// progress bar, Ctrl-C handling and the summary table. The run itself is the library's
/// `RunJob`; this only presents it.
struct RunPresenter {
    let console: Console
    let quiet: Bool
    /// Where the estimate and the summary go: stdout, or stderr when stdout carries a report.
    var summaryStream: Console.Stream = .standardOutput
    /// In batch mode, how long to wait between polls; nil to return after one pass.
    var batchPoll: Duration?

    /// Runs `job` and prints its summary; nil when nothing ran (a dry run, or `confirm`
    /// said no). `confirm`, when given, is asked after the plan and estimate are shown on
    /// stderr.
    func execute(
        _ job: RunJob, in context: RunContext, evaluators: [any Evaluator] = [], confirm: (() -> Bool)? = nil
    ) async throws -> RunJob.Result? {
        if job.plan.rowCount == 0 {
            console.warn(
                "\(job.plan.dataset.displayPath) has no rows: nothing is sent, and nothing can be compared or scored")
        }
        // Keys are checked before the plan is shown: a run never asks "Run?" to fail after
        // the answer. A dry run needs none: it says what a real run would stop on.
        let missing = job.missingKeys(in: context)
        if let first = missing.first, !job.dryRun { throw first }
        for problem in missing { console.warn("\(problem.description) (a real run stops here)") }
        if job.dryRun || confirm != nil {
            let estimate = try job.estimate(in: context, evaluators: evaluators)
            printEstimate(estimate, job: job, dryRun: job.dryRun, to: job.dryRun ? summaryStream : .standardError)
            if job.dryRun { return nil }
            // Collecting batches already paid for needs no question.
            if estimate.toSend > 0, confirm?() == false {
                console.write("not run: nothing sent\n")
                return nil
            }
        }
        let control = RunControl()
        let interrupts = InterruptHandler(control: control, console: console)
        defer { interrupts.cancel() }
        if job.batch {
            let batches = BatchPrinter(console: console, quiet: quiet)
            let report = try await job.awaitBatches(
                in: context, poll: batchPoll, control: control, onEvent: { batches.handle($0) })
            guard report.isComplete else {
                batches.printOpen(report, job: job, stopped: control.isStopped)
                return nil
            }
        }
        let progress = ProgressPrinter(console: console, quiet: quiet)
        let result = try await job.run(
            in: context, evaluators: evaluators, control: control, onEvent: { progress.handle($0) })
        progress.finish()
        printSummary(result.outcome, job: job)
        return result
    }

    private func printEstimate(
        _ estimate: CostEstimate, job: RunJob, dryRun: Bool, to stream: Console.Stream
    ) {
        let plan = job.plan
        var lines: [String] = dryRun ? ["dry run: nothing sent"] : []
        lines.append(
            "calls: \(estimate.calls) (\(counted(plan.rowCount, "row")) × \(counted(plan.variants.count, "variant")) × \(counted(plan.allModels.count, "model")) × \(counted(plan.repeats, "repeat")))"
        )
        lines.append("reused (cache, committed results, an interrupted attempt): \(estimate.reused)")
        if estimate.held > 0 { lines.append("in batches already submitted: \(estimate.held)") }
        lines.append("to send\(job.sendsBatches ? " (in batches, at the batch price)" : ""): \(estimate.toSend)")
        lines.append("estimated tokens: \(estimate.inputTokens) in, \(estimate.outputTokens) out")
        for judge in estimate.judges where judge.calls > 0 {
            lines.append(
                "judge \(judge.evaluator): \(counted(judge.calls, "call")) on \(judge.model), estimated \(judge.cost.map { NumberText.money($0) } ?? "? (price unknown)")"
            )
        }
        var cost = "estimated cost: \(NumberText.money(estimate.cost + estimate.judgeCost))"
        if estimate.judgeCalls > 0 { cost += " (judges included)" }
        if !estimate.unpricedModels.isEmpty {
            cost += " (not counting \(estimate.unpricedModels.sorted().joined(separator: ", ")): price unknown)"
        }
        lines.append(cost)
        lines += estimate.methods.map { "estimate: \($0)" }
        console.write(lines.joined(separator: "\n") + "\n", to: stream)
    }

    func printSummary(_ outcome: Runner.Outcome, job: RunJob) {
        var table = TextTable()
        table.add([
            "variant", "model", "calls", "errors", "reused", "tokens in", "tokens out", "cost", "p50 ms", "p95 ms",
        ])
        for group in outcome.summary.groups {
            table.add([
                group.variant, group.model, "\(group.calls)", "\(group.errors)", "\(group.reused)",
                "\(group.inputTokens)",
                "\(group.outputTokens)",
                group.unpricedCalls > 0 && group.cost == 0 ? "?" : NumberText.money(group.cost),
                group.latencyP50.map(String.init) ?? "-", group.latencyP95.map(String.init) ?? "-",
            ])
        }
        console.write(table.render() + "\n" + "results: \(job.outputPath)\n", to: summaryStream)
    }
}

/// A problem with what was asked for that is not a usage error of one flag.
struct CommandError: Error, CustomStringConvertible, PromptExpError {
    let description: String
    init(_ description: String) { self.description = description }
}
