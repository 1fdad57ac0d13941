import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp run [NAME]`: base against candidate over the dataset, committed on the branch.
struct ExpRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the experiment's base (from git) and candidate (the working prompt) and commit the results.",
        discussion: """
            Answers committed by an earlier run, the cache and an interrupted attempt are reused, \
            so only what changed is paid for. Flags given here update the experiment's spec.

            On a terminal it first shows the prompt diff base → candidate, the plan (calls to \
            send and reused) and the cost estimate, and asks before sending anything; --yes, \
            or no terminal (CI, a script), skips the question.

            --batch submits the calls to the providers' batch APIs and commits the batches on \
            the branch; any later exp run, here or on another clone, collects them and \
            finishes. --shard I/N runs one part of the calls on this machine into \
            results.shard-I-of-N.jsonl; --merge joins all N parts, then scores and commits.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: "The experiment (default: the one of the current exp/ branch).", completion: Completions.experiments)
    var name: String?
    @OptionGroup var runOptions: RunCommandOptions
    @Flag(name: .customLong("no-commit"), help: "Write the files but commit nothing.") var noCommit = false
    @Flag(
        name: .customLong("base-from-log"),
        help:
            "Use each row's logged output (production's answer) as the base's, instead of calling the model; kept in the spec."
    )
    var baseFromLog = false
    @Flag(name: .shortAndLong, help: "Run without asking first.") var yes = false
    @Flag(
        help:
            "Stop as soon as the verdict is decided: rows in a random order (--seed), sent in waves, an anytime-valid test after each (kept in the spec)."
    )
    var sequential = false

    func validate() throws {
        if sequential, runOptions.batch { throw ValidationError(Self.sequentialWithBatch) }
    }

    static let sequentialWithBatch =
        "--sequential stops between waves of calls and --batch sends them all at once, answered hours later: use one of them"

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let name: String
        if let named = self.name {
            // An unknown name gets its did-you-mean before anything about branches.
            _ = try project.experiment(named: named)
            let branch = try project.currentBranch()
            guard branch == Project.experimentBranchPrefix + named else {
                throw CommandError(
                    "experiment '\(named)' is not checked out: exp run runs the candidate as it is in the working tree, so switch to its branch first: git switch exp/\(named) (you are on \(branch.map { "'\($0)'" } ?? "a detached HEAD"))"
                )
            }
            name = named
        } else {
            name = try project.currentExperimentName()
        }
        var settings = runOptions.settings(relativeTo: global.workingDirectory)
        settings.sequential = sequential
        var experiment = try ExperimentRun(project: project, name: name, settings: settings, baseFromLog: baseFromLog)
        for warning in experiment.candidate.file.warnings { console.warn(warning) }
        if experiment.missingLoggedAnswers > 0 {
            console.warn(
                "\(experiment.missingLoggedAnswers) base calls have no logged output: those are sent to the model")
        }
        try await RunContext.use(project: project, settings: settings) { context in
            let evaluation = try EvaluatorSet(
                context: context, names: experiment.evaluatorNames, useCache: settings.useCache,
                output: experiment.job.output, dryRun: settings.dryRun)
            let asks = !settings.dryRun && !yes && Console.canAsk
            if asks {
                let diff = try Project.experimentPromptDiff(
                    base: experiment.base.file.text, candidate: experiment.candidate.file.text)
                console.write(DiffPrinter(console: console).promptDiff(diff, spec: experiment.spec) + "\n")
            }
            let presenter = RunPresenter(console: console, quiet: runOptions.quiet, asksFirst: asks)
            let performed = try await experiment.perform(
                in: context, evaluation: evaluation, commit: !noCommit, observer: presenter,
                batchPoll: runOptions.batchPoll)
            if let shard = settings.shard, !settings.dryRun {
                console.print(
                    "then merge all \(shard.count) parts: promptexp exp run --merge (they belong in \(ProjectLayout.experimentFolder(name))/)"
                )
            }
            guard let done = performed else { return }
            let result = done.outcome
            console.print("changed outputs: \(result.digest.changed) of \(result.digest.pairs)")
            if let judges = result.judges { console.print(judges.line) }
            if let sequential = result.sequential { console.print(sequential.line) }
            for note in result.judgeNotes { console.print(note) }
            if let comparison = result.comparison { VerdictPrinter(console: console).print(comparison) }
            if let commit = done.commit {
                console.print("committed \(commit.short) on exp/\(name)")
            } else if noCommit {
                console.print("not committed (--no-commit): see \(ProjectLayout.experimentFolder(name))/")
            } else {
                console.print("nothing changed since the last committed run: no commit")
            }
            if let problem = done.problem { throw problem }
        }
    }
}
