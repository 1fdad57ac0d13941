import Foundation
import PromptExpKit

/// How a run looks on the command line: the estimate, the question before sending, a
/// progress bar, Ctrl-C handling and the summary table. The run itself is the library's
/// `RunSequence`; this only observes it.
final class RunPresenter: CheckObserver, @unchecked Sendable {
    // @unchecked: `progress` and `interrupts` are only read and written under `lock`.
    let console: Console
    let quiet: Bool
    /// Where the estimate and the summary go: stdout, or stderr when stdout carries a report.
    let summaryStream: Console.Stream
    let control = RunControl()
    /// Asks "Run?" after the plan and estimate are shown on stderr.
    let asksFirst: Bool
    private let batches: BatchPrinter
    private let lock = NSLock()
    private var progress: ProgressPrinter?
    private var interrupts: InterruptHandler?

    init(console: Console, quiet: Bool, summaryStream: Console.Stream = .standardOutput, asksFirst: Bool = false) {
        self.console = console
        self.quiet = quiet
        self.summaryStream = summaryStream
        self.asksFirst = asksFirst
        batches = BatchPrinter(console: console, quiet: quiet)
    }

    func warning(_ message: String) { console.warn(message) }

    func planned(_ estimate: CostEstimate, of job: RunJob) {
        printEstimate(estimate, job: job, dryRun: job.dryRun, to: job.dryRun ? summaryStream : .standardError)
    }

    func confirm(_ estimate: CostEstimate) -> Bool { console.confirm("Run?") }

    func declined() { console.write("not run: nothing sent\n") }

    /// Ctrl-C stops the run from here on; before, at the question, it ends the process.
    func sending(_ job: RunJob) {
        let handler = InterruptHandler(control: control, console: console)
        let printer = ProgressPrinter(console: console, quiet: quiet)
        lock.withLock {
            interrupts = handler
            progress = printer
        }
    }

    func ended(_ job: RunJob) {
        let (handler, printer) = lock.withLock { (interrupts, progress) }
        printer?.finish()
        handler?.cancel()
    }

    func batchEvent(_ event: BatchEvent) { batches.handle(event) }

    func batchesOpen(_ report: BatchRun.Report, of job: RunJob) {
        batches.printOpen(report, job: job, stopped: control.isStopped)
    }

    func runEvent(_ event: RunEvent) { lock.withLock { progress }?.handle(event) }

    func merged(parts: Int, into job: RunJob) {
        console.write("merged \(counted(parts, "part")) into \(job.outputPath)\n")
    }

    func shardWritten(_ shard: Shard, of job: RunJob) {
        console.print("shard \(shard): \(counted(job.plan.callCount, "call")) written to \(job.outputPath)")
    }

    func finished(_ result: RunJob.Result, of job: RunJob) {
        lock.withLock { progress }?.finish()
        printSummary(result.outcome, job: job)
    }

    func waveFinished(rows: Int, of total: Int, decided: Bool) {
        guard !quiet else { return }
        let state = decided ? "decided" : rows < total ? "not decided yet" : "not decided: the fixed-size verdict"
        console.write("sequential: \(rows) of \(counted(total, "row")) sent, \(state)\n")
    }

    func checking(_ target: CheckTarget, plan: CheckPlan) {
        console.write("checking \(target.prompt): \(plan.baseLabel) against \(plan.candidateLabel)\n")
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

    private func printSummary(_ outcome: Runner.Outcome, job: RunJob) {
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
