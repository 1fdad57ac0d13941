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
    @Argument(
        help: ArgumentHelp("The prompt id, optionally with @version.", valueName: "prompt[@version]"),
        completion: Completions.prompts)
    var reference: String
    @OptionGroup var runOptions: RunCommandOptions
    @Option(
        help: ArgumentHelp(
            "Where to write the results (default: .promptexp/runs/<prompt>.results.jsonl).", valueName: "file"))
    var out: String?

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let (name, selector) = VersionSelector.split(reference)
        let id = try project.requirePrompt(name)
        let prompt = try project.resolve(id, at: selector)
        for warning in prompt.file.warnings { console.warn(warning) }
        let output = out.map { URL(fileURLWithPath: $0, relativeTo: global.workingDirectory).standardizedFileURL }
        let settings = runOptions.settings(relativeTo: global.workingDirectory)
        let run = try PromptRun(project: project, prompt: prompt, settings: settings, output: output)
        try await RunContext.use(project: project, settings: settings) { context in
            // The prompt's own evaluators score the run, as they would in an experiment.
            let evaluation = try EvaluatorSet(
                context: context, names: run.evaluatorNames, useCache: settings.useCache, output: run.job.output,
                dryRun: settings.dryRun)
            let presenter = RunPresenter(console: console, quiet: runOptions.quiet)
            guard
                let done = try await run.perform(
                    in: context, evaluation: evaluation, observer: presenter, batchPoll: runOptions.batchPoll)
            else { return }
            if !done.scoredBy.isEmpty {
                printScores(done.result.digest.variants, names: done.scoredBy, console: console)
            }
            if let problem = done.problem { throw problem }
        }
    }

    /// Per model: the mean score with its interval, the pass rate, and each evaluator's.
    private func printScores(_ variants: [VariantScores], names: [String], console: Console) {
        for scores in variants {
            console.print(
                String(
                    format: "%@: mean score %.3f (95%% CI %.3f–%.3f), pass %.1f%%", scores.model, scores.meanScore,
                    scores.interval.lowerBound, scores.interval.upperBound, scores.passRate * 100))
            for name in names {
                guard let evaluator = scores.evaluators[name] else { continue }
                console.print(
                    String(format: "  %@: pass %.1f%%, mean %.3f", name, evaluator.passRate * 100, evaluator.meanScore))
            }
            if scores.evaluationErrors > 0 {
                console.warn("\(scores.evaluationErrors) evaluations could not be made: see the results file")
            }
        }
    }
}
