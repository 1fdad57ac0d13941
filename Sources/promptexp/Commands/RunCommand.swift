import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp run P[@V] --dataset D`: one prompt version over a dataset, outside any experiment.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one prompt version over a dataset and write a results file.",
        discussion: """
            Finished calls are kept as they finish: a run stopped by Ctrl-C, a crash or kill \
            resumes when you run the same command again, and pays for nothing twice. Answers are \
            cached under .promptexp/cache/ (git-ignored); --no-cache sends every call.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The prompt id, optionally with @version.", valueName: "prompt[@version]"))
    var reference: String
    @OptionGroup var runOptions: RunCommandOptions
    @Option(help: ArgumentHelp("Where to write the results (default: .promptexp/runs/<prompt>.results.jsonl).", valueName: "file"))
    var out: String?

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let (name, selector) = VersionSelector.split(reference)
        let id = try project.requirePrompt(name)
        let prompt = try project.resolve(id, at: selector)
        for warning in prompt.file.warnings { console.warn(warning) }
        let variant = RunVariant(label: "run", promptID: id, file: prompt.file, blob: prompt.blob)
        let output = out.map { URL(fileURLWithPath: $0, relativeTo: global.workingDirectory).standardizedFileURL }
            ?? project.root.appendingPathComponent(ProjectLayout.runResults(id))
        let settings = runOptions.settings
        let job = try RunJob(
            project: project, variants: [variant], datasetName: settings.dataset ?? prompt.file.frontMatter.tests?.dataset,
            defaultModels: [prompt.file.frontMatter.model].compactMap { $0 }, settings: settings, output: output)
        try await RunContext.use(project: project, settings: settings) { context in
            // The prompt's own evaluators score the run, as they would in an experiment.
            let names = prompt.file.frontMatter.tests?.evaluators ?? []
            let evaluation = try EvaluatorSet(context: context, names: names, useCache: settings.useCache, output: output)
            let evaluators = try evaluation.evaluators(named: names, usedBy: Project.promptPath(for: id))
            // A dry run sends and writes nothing, so it needs no lock.
            let lock = settings.dryRun ? nil : try job.lock()
            defer { lock?.release() }
            let presenter = RunPresenter(console: console, quiet: runOptions.quiet)
            guard let outcome = try await presenter.execute(job, in: context) else { return }
            if outcome.stop == nil, !evaluators.isEmpty {
                let digest = try await project.scoreResults(
                    at: output, plan: job.plan, evaluators: evaluators, policy: project.config.verdict)
                try evaluation.finish()
                printScores(digest.variants, names: Scorer(evaluators: evaluators).weights.keys.sorted(), console: console)
            }
            if outcome.stop == nil { try job.discardJournal() }
            if let problem = job.problem(with: outcome) { throw problem }
        }
    }

    /// Per model: the mean score with its interval, the pass rate, and each evaluator's.
    private func printScores(_ variants: [VariantScores], names: [String], console: Console) {
        for scores in variants {
            console.print(String(
                format: "%@: mean score %.3f (95%% CI %.3f–%.3f), pass %.1f%%", scores.model, scores.meanScore,
                scores.interval.lowerBound, scores.interval.upperBound, scores.passRate * 100))
            for name in names {
                guard let evaluator = scores.evaluators[name] else { continue }
                console.print(String(format: "  %@: pass %.1f%%, mean %.3f", name, evaluator.passRate * 100, evaluator.meanScore))
            }
            if scores.evaluationErrors > 0 { console.warn("\(scores.evaluationErrors) evaluations could not be made: see the results file") }
        }
    }
}

/// The flags every command that runs prompts takes.
struct RunCommandOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The dataset: a path, or a name under datasets/ (default: the prompt's tests.dataset).", valueName: "dataset"))
    var dataset: String?
    @Option(name: .customLong("model"), help: ArgumentHelp("A configured model name or provider/model. Repeatable.", valueName: "model"))
    var models: [String] = []
    @Option(help: "Run a seeded random sample of this many rows.") var sample: Int?
    @Option(help: "The seed for --sample.") var seed: UInt64 = 0
    @Option(name: .customLong("repeat"), help: "Call each row this many times (independent answers).") var repeats = 1
    @Option(help: "Calls in flight at once (default: defaults.concurrency in the config).") var concurrency: Int?
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Stop scheduling before spend would pass this many dollars.", valueName: "usd"))
    var maxCost: Double?
    @Option(name: .customLong("param"), help: ArgumentHelp("A request parameter as name=value (JSON or text); overrides the prompt's. Repeatable.", valueName: "name=value"))
    var params: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the number of calls, cache hits and the estimated tokens and cost; send nothing.")
    var dryRun = false
    @Flag(name: .customLong("no-cache"), help: "Bypass the cache: send every call and store no answer in it.") var noCache = false
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if repeats < 1 { throw ValidationError("--repeat must be at least 1") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let maxCost, maxCost < 0 { throw ValidationError("--max-cost must not be negative") }
        for param in params where !param.contains("=") { throw ValidationError("--param takes name=value, got '\(param)'") }
    }

    /// What these flags ask of a run.
    var settings: RunSettings {
        var settings = RunSettings()
        settings.dataset = dataset
        settings.models = models
        settings.sample = sample
        settings.seed = seed
        settings.repeats = repeats
        settings.concurrency = concurrency
        settings.maxCost = maxCost
        settings.paramOverrides = paramOverrides
        settings.dryRun = dryRun
        settings.useCache = !noCache
        return settings
    }

    var paramOverrides: [String: JSONValue] {
        var overrides: [String: JSONValue] = [:]
        for param in params {
            let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let text = parts.count > 1 ? String(parts[1]) : ""
            overrides[String(parts[0])] = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
        }
        return overrides
    }
}
