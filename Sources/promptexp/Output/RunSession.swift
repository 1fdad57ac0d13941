import AsyncHTTPClient
import Foundation
import PromptExpKit

/// Everything a command needs to run prompts: the plan, the providers over one HTTP
/// client, the cache and the journal, progress on the terminal and Ctrl-C handling.
struct RunSession {
    let project: Project
    let plan: RunPlan
    let options: RunOptions
    let output: URL
    let dryRun: Bool

    /// Answers already committed (an experiment's earlier results): reused, not paid again.
    var committed: [any ResponseLookup]
    /// Where the summary table goes: stdout, or stderr when stdout carries a report.
    let summaryStream: Console.Stream

    init(
        project: Project, variants: [RunVariant], datasetName: String?, defaultModels: [String], options flags: RunCommandOptions,
        output: URL, committed: [any ResponseLookup] = []
    ) throws {
        guard let datasetName else {
            throw CommandError("no dataset: pass --dataset, or set tests.dataset in the prompt's front matter")
        }
        try self.init(
            project: project, variants: variants, dataset: try project.dataset(datasetName), defaultModels: defaultModels,
            options: flags, output: output, committed: committed)
    }

    init(
        project: Project, variants: [RunVariant], dataset: DatasetFile, defaultModels: [String], options flags: RunCommandOptions,
        output: URL, committed: [any ResponseLookup] = [], summaryStream: Console.Stream = .standardOutput
    ) throws {
        self.project = project
        self.output = output
        self.committed = committed
        self.summaryStream = summaryStream
        self.dryRun = flags.dryRun
        let config = project.config
        let references = !flags.models.isEmpty ? flags.models
            : !defaultModels.isEmpty ? defaultModels : [config.defaults.model].compactMap { $0 }
        guard !references.isEmpty || variants.allSatisfy({ $0.models != nil }) else { throw ProviderSetupError.noModel }
        var models: [ResolvedModel] = []
        for reference in references { models.append(try config.resolveModel(reference)) }
        var plan = RunPlan(
            dataset: dataset, variants: variants, models: models, repeats: flags.repeats, paramOverrides: flags.paramOverrides)
        try plan.validate(sample: flags.sample, seed: flags.seed)
        self.plan = plan
        options = RunOptions(
            concurrency: flags.concurrency ?? config.defaults.concurrency,
            retry: RetryPolicy(maxRetries: config.defaults.maxRetries),
            maxCost: flags.maxCost ?? config.defaults.maxCost,
            useCache: !flags.noCache,
            requestsPerMinute: config.defaults.requestsPerMinute,
            tokensPerMinute: config.defaults.tokensPerMinute)
    }

    var journalURL: URL {
        RunJournal.url(forOutput: output, gitDirectory: project.repository.gitDirectory)
    }

    /// Takes this output's lock, so a second process running it refuses at once instead of
    /// paying for every call again. Held until released or the process ends.
    func lock() throws -> ProcessLock {
        try ProcessLock.acquire(
            at: RunJournal.lockURL(forOutput: output, gitDirectory: project.repository.gitDirectory),
            subject: project.repository.relativePath(of: output) ?? output.path)
    }

    /// Removes the journal once the results are durable where they end up.
    func discardJournal() throws {
        try RunJournal.remove(at: journalURL)
    }

    /// What the estimate knows of answer lengths: an earlier results file of this run
    /// and the dataset's logged outputs.
    private func outputHistory() throws -> OutputTokenHistory {
        var history = OutputTokenHistory()
        try history.addResults(at: output, displayPath: project.repository.relativePath(of: output) ?? output.path)
        try history.addLoggedOutputs(of: plan.dataset)
        return history
    }

    /// Runs the plan, prints its summary, and returns the outcome; nil when nothing ran (a
    /// dry run, or `confirm` said no). `confirm`, when given, is asked after the plan and
    /// its estimate are shown on stderr.
    func execute(console: Console, quiet: Bool, confirm: (() -> Bool)? = nil) async throws -> Runner.Outcome? {
        if plan.rowCount == 0 {
            console.warn("\(plan.dataset.displayPath) has no rows: nothing is sent, and nothing can be compared or scored")
        }
        let cache = ResponseCache(directory: project.root.appendingPathComponent(ResponseCache.relativePath))
        let journal = try RunJournal(url: journalURL)
        let lookups: [any ResponseLookup] = [journal] + committed + (options.useCache ? [cache] : [])
        let client = HTTPTransport.makeClient(concurrency: options.concurrency)
        let environment = ProcessInfo.processInfo.environment
        do {
            let factory = ProviderFactory(
                transport: HTTPTransport(client: client, timeout: project.config.defaults.timeoutSeconds), environment: environment)
            // A dry run sends nothing, so it needs no key: a pull request from a fork, which
            // sees no secrets, can still price its change.
            var providers: [String: any Provider] = [:]
            for model in plan.allModels where !dryRun && providers[model.provider.name] == nil {
                providers[model.provider.name] = try factory.provider(for: model.provider)
            }
            let control = RunControl()
            let progress = ProgressPrinter(console: console, quiet: quiet)
            let runner = Runner(
                providers: providers, options: options, lookups: lookups, cache: options.useCache ? cache : nil, journal: journal,
                control: control, onEvent: { progress.handle($0) })
            if dryRun || confirm != nil {
                let estimate = try runner.estimate(plan, history: try outputHistory())
                printEstimate(estimate, console: console, stream: dryRun ? summaryStream : .standardError)
                if dryRun || confirm?() == false {
                    if !dryRun { console.write("not run: nothing sent\n") }
                    try await client.shutdown()
                    return nil
                }
            }
            if journal.count > 0 {
                console.write("resuming: \(journal.count) finished calls from an earlier attempt are kept\n")
            }
            let interrupts = InterruptHandler(control: control, console: console)
            let outcome = try await runner.run(plan, writingTo: output)
            interrupts.cancel()
            progress.finish()
            try await client.shutdown()
            report(outcome, console: console)
            return outcome
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func printEstimate(_ estimate: CostEstimate, console: Console, stream: Console.Stream) {
        let console = SummaryConsole(console: console, stream: stream)
        if dryRun { console.print("dry run: nothing sent") }
        console.print("calls: \(estimate.calls) (\(counted(plan.rowCount, "row")) × \(counted(plan.variants.count, "variant")) × \(counted(plan.allModels.count, "model")) × \(counted(plan.repeats, "repeat")))")
        console.print("reused (cache, committed results, an interrupted attempt): \(estimate.reused)")
        console.print("to send: \(estimate.calls - estimate.reused)")
        console.print("estimated tokens: \(estimate.inputTokens) in, \(estimate.outputTokens) out")
        var cost = String(format: "estimated cost: $%.4f", estimate.cost)
        if !estimate.unpricedModels.isEmpty {
            cost += " (not counting \(estimate.unpricedModels.sorted().joined(separator: ", ")): price unknown)"
        }
        console.print(cost)
        for method in estimate.methods { console.print("estimate: \(method)") }
    }

    private func report(_ outcome: Runner.Outcome, console: Console) {
        let summary = outcome.summary
        var table = TextTable()
        table.add(["variant", "model", "calls", "errors", "reused", "tokens in", "tokens out", "cost", "p50 ms", "p95 ms"])
        for group in summary.groups {
            table.add([
                group.variant, group.model, "\(group.calls)", "\(group.errors)", "\(group.reused)", "\(group.inputTokens)",
                "\(group.outputTokens)", group.unpricedCalls > 0 && group.cost == 0 ? "?" : String(format: "$%.4f", group.cost),
                group.latencyP50.map(String.init) ?? "-", group.latencyP95.map(String.init) ?? "-",
            ])
        }
        console.write(table.render() + "\n", to: summaryStream)
        console.write("results: \(project.repository.relativePath(of: output) ?? output.path)\n", to: summaryStream)
    }

    /// Why the command should exit 1 after this outcome: stopped early, or calls failed.
    func problem(with outcome: Runner.Outcome) -> RunStoppedError? {
        let path = project.repository.relativePath(of: output) ?? output.path
        switch outcome.stop {
        case .budget(let limit, let spent)?:
            return RunStoppedError(message:
                "stopped by --max-cost \(ReportNumbers.limit(limit)) after spending \(ReportNumbers.money(spent)): finished calls are kept; run again with a higher limit to go on")
        case .interrupted?:
            return RunStoppedError(message: "interrupted: finished calls are kept; run the same command again to resume")
        case nil:
            let summary = outcome.summary
            guard summary.totalErrors > 0 else { return nil }
            return RunStoppedError(message: "\(summary.totalErrors) of \(counted(summary.totalCalls, "call")) failed; their errors are in \(path)")
        }
    }
}

/// Prints lines to the stream a session's summary goes to.
private struct SummaryConsole {
    let console: Console
    let stream: Console.Stream
    func print(_ text: String) { console.write(text + "\n", to: stream) }
}

/// A run that ended without all its answers: one line, exit code 1.
struct RunStoppedError: Error, CustomStringConvertible, PromptExpError {
    let message: String
    var description: String { message }
}

/// A problem with what was asked for that is not a usage error of one flag.
struct CommandError: Error, CustomStringConvertible, PromptExpError {
    let description: String
    init(_ description: String) { self.description = description }
}
