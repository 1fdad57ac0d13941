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
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the one of the current exp/ branch).") var name: String?
    @OptionGroup var runOptions: RunCommandOptions
    @Flag(name: .customLong("no-commit"), help: "Write the files but commit nothing.") var noCommit = false
    @Flag(name: .customLong("base-from-log"), help: "Use each row's logged output (production's answer) as the base's, instead of calling the model; kept in the spec.")
    var baseFromLog = false
    @Flag(name: .shortAndLong, help: "Run without asking first.") var yes = false

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let current = try project.currentExperimentName()
        let name = name ?? current
        guard name == current else {
            throw CommandError("experiment '\(name)' is not checked out: switch to exp/\(name) first (you are on exp/\(current))")
        }
        var spec = try project.experiment(named: name)
        if let dataset = runOptions.dataset {
            let file = try project.dataset(dataset)
            spec.dataset = .init(
                path: project.repository.relativePath(of: file.url) ?? file.displayPath,
                blob: Repository.hashBlob(try Data(contentsOf: file.url)))
        }
        if !runOptions.models.isEmpty { spec.models = runOptions.models }
        if let sample = runOptions.sample { spec.sampleSize = sample; spec.sampleSeed = runOptions.seed }
        if runOptions.repeats != 1 { spec.repeats = runOptions.repeats }
        if baseFromLog { spec.baseFromLog = true }
        var flags = runOptions
        flags.sample = spec.sampleSize
        flags.seed = spec.sampleSeed
        flags.repeats = spec.repeats

        let (base, candidate) = try project.experimentVariants(spec)
        for warning in candidate.file.warnings { console.warn(warning) }
        let evaluatorNames = spec.evaluators.isEmpty ? candidate.file.frontMatter.tests?.evaluators ?? [] : spec.evaluators
        let output = project.root.appendingPathComponent("\(Project.experimentFolder(name))/results.jsonl")
        let evaluation = try EvaluationSession(project: project, names: evaluatorNames, useCache: !flags.noCache, output: output)
        try await evaluation.use {
            // Built before anything is sent, so a bad evaluator costs nothing.
            let evaluators = try evaluation.evaluators(named: evaluatorNames, usedBy: ExperimentSpec.path(for: name))
            var session = try RunSession(
                project: project, variants: [base, candidate], datasetName: spec.dataset.path, defaultModels: spec.models,
                options: flags, output: output)
            // Indexed after the plan is validated, so the index and the plan's duplicate-id
            // check are never in memory together.
            session.committed = try project.committedAnswers(name).map { [$0] } ?? []
            if spec.baseFromLog {
                let logged = try LoggedAnswers(plan: session.plan)
                guard logged.found > 0 else {
                    throw CommandError("the base comes from the log, but no row of \(spec.dataset.path) has an output: import the dataset from a request log (promptexp dataset import)")
                }
                if logged.missing > 0 {
                    console.warn("\(logged.missing) base calls have no logged output: those are sent to the model")
                }
                session.committed.insert(logged, at: 0)
            }
            // A dry run sends and writes nothing, so it needs no lock.
            let lock = runOptions.dryRun ? nil : try session.lock()
            defer { lock?.release() }
            var confirm: (() -> Bool)?
            if !runOptions.dryRun, !yes, Console.canAsk {
                let diff = try TextDiff(old: base.file.text, new: candidate.file.text)
                console.write(DiffPrinter(console: console).promptDiff(diff, spec: spec) + "\n")
                confirm = { console.confirm("Run?") }
            }
            guard let outcome = try await session.execute(console: console, quiet: runOptions.quiet, confirm: confirm)
            else { return }
            // The calls are done: the committed answers' index need not outlive them.
            session.committed = []
            project.repository.checkpoint("results-written")
            if outcome.stop != nil, let problem = session.problem(with: outcome) { throw problem }

            let digest = try await project.scoreResults(
                at: output, plan: session.plan, evaluators: evaluators, policy: project.config.verdict)
            var result = ExperimentOutcome(spec: spec, candidateBlob: candidate.blob, summary: outcome.summary, digest: digest)
            result.judges = await evaluation.ledger()
            console.print("changed outputs: \(digest.changed) of \(digest.pairs)")
            if let judges = result.judges { console.print(judges.line) }
            if let comparison = digest.comparison { VerdictPrinter(console: console).print(comparison) }
            if let commit = try project.recordExperimentRun(result, commit: !noCommit) {
                console.print("committed \(commit.short) on exp/\(name)")
            } else if noCommit {
                console.print("not committed (--no-commit): see \(Project.experimentFolder(name))/")
            } else {
                console.print("nothing changed since the last committed run: no commit")
            }
            // Only now: a kill before the commit (and the index) are durable must find it.
            if outcome.stop == nil { try session.discardJournal() }
            if let problem = session.problem(with: outcome) { throw problem }
        }
    }
}
