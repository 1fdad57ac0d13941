import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp check`: the regression gate for hooks and CI.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the old and new versions of every changed prompt with tests, and fail on a regression.",
        discussion: """
            Compares the prompt files that differ between --base (default: the merge base with \
            the upstream branch, else with main) and HEAD, or between HEAD and the index with \
            --staged. Each changed prompt whose front matter has tests runs both versions over \
            its tests.dataset, scores them with its tests.evaluators, and gets a verdict. \
            The old version is usually free: answers come from the cache or committed results. \
            Exit codes: 0 nothing regressed, 2 something regressed, 1 an error (or failed calls).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, junit, json, html

        var listsEveryRow: Bool { self == .junit || self == .html }
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The old side (default: the merge base with the upstream branch, else main).", valueName: "rev"))
    var base: String?
    @Option(help: ArgumentHelp("The new side (default: HEAD).", valueName: "rev")) var head: String?
    @Flag(help: "Compare HEAD with the index: what the next commit would hold (for a pre-commit hook).") var staged = false
    @Option(help: "The report's format: text, markdown, junit, json or html.") var format: Format = .text
    @Option(help: ArgumentHelp("Write the report to this file (a short verdict still goes to stdout).", valueName: "file"))
    var out: String?
    @OptionGroup var runOptions: RunCommandOptions

    /// Runs and scores every target; returns the subjects and the failed-call messages.
    private func runTargets(
        _ plan: CheckPlan, project: Project, evaluation: EvaluationSession
    ) async throws -> ([ComparisonSubject], [String]) {
        let console = global.console
        // Every evaluator is built before anything is sent, so a bad one costs nothing.
        let evaluators = try plan.targets.map { target in
            try evaluation.evaluators(named: target.evaluators, usedBy: Project.promptPath(for: target.prompt))
        }
        var committed: [any ResponseLookup] = []
        if let head = try project.repository.headCommit() {
            committed += try project.committedExperimentAnswers(at: head)
        }
        var subjects: [ComparisonSubject] = []
        var failedCalls: [String] = []
        for (target, evaluators) in zip(plan.targets, evaluators) {
            console.write("checking \(target.prompt): \(plan.baseLabel) against \(plan.candidateLabel)\n")
            let output = project.repository.gitDirectory.appendingPathComponent(
                "promptexp/check/\(target.prompt).results.jsonl")
            let ownModels = runOptions.models.isEmpty
            let variants = [target.base, target.candidate].map { variant in
                ownModels ? variant : RunVariant(label: variant.label, promptID: variant.promptID, file: variant.file, blob: variant.blob)
            }
            let dataset = try runOptions.dataset.map(project.dataset) ?? target.dataset
            let session = try RunSession(
                project: project, variants: variants, dataset: dataset, defaultModels: [], options: runOptions, output: output,
                committed: committed, summaryStream: .standardError)
            // A dry run sends and writes nothing, so it needs no lock.
            let lock = runOptions.dryRun ? nil : try session.lock()
            defer { lock?.release() }
            guard let outcome = try await session.execute(console: console, quiet: runOptions.quiet) else { continue }
            if outcome.stop != nil, let problem = session.problem(with: outcome) { throw problem }
            let before = await evaluation.ledger()
            let digest = try await project.scoreResults(
                at: output, plan: session.plan, evaluators: evaluators, policy: project.config.verdict)
            try session.discardJournal()
            let comparison = digest.comparison ?? ScoreComparison(records: [], weights: [:])
            var notes: [String] = []
            if outcome.summary.totalErrors > 0 {
                let message = "\(outcome.summary.totalErrors) of \(outcome.summary.totalCalls) calls failed; a failed call fails every evaluator"
                notes.append(message)
                failedCalls.append("\(target.prompt): \(message)")
            }
            if let after = await evaluation.ledger(), after.calls > (before?.calls ?? 0) {
                notes.append(after.since(before ?? JudgeLedger()).line)
            }
            // JUnit and HTML list every row, so they read the results back; the others need
            // only the digest.
            let subject = format.listsEveryRow
                ? ComparisonSubject(
                    prompt: target.prompt, baseLabel: plan.baseLabel, candidateLabel: plan.candidateLabel,
                    dataset: dataset.displayPath, records: try ResultsFile.read(output), comparison: comparison, notes: notes)
                : ComparisonSubject(
                    prompt: target.prompt, baseLabel: plan.baseLabel, candidateLabel: plan.candidateLabel,
                    dataset: dataset.displayPath, digest: digest, comparison: comparison, notes: notes)
            subjects.append(subject)
        }
        return (subjects, failedCalls)
    }

    func validate() throws {
        if staged && head != nil { throw ValidationError("--staged compares HEAD with the index: it takes no --head") }
    }

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let plan = try project.planCheck(CheckRequest(base: base, head: head, staged: staged))
        let journalKey = project.repository.gitDirectory.appendingPathComponent("promptexp/check/check")
        let evaluation = try EvaluationSession(
            project: project, names: plan.targets.flatMap(\.evaluators), useCache: !runOptions.noCache, output: journalKey)
        let (subjects, failedCalls) = try await evaluation.use { try await runTargets(plan, project: project, evaluation: evaluation) }
        if runOptions.dryRun { return }

        let report = ComparisonReport(title: "promptexp check", subjects: subjects, unchecked: plan.unchecked)
        let rendered: String? = switch format {
        case .text: nil
        case .markdown: MarkdownReport(report).render()
        case .junit: JUnitReport(report).render()
        case .json: report.json.prettyJSON + "\n"
        case .html: HTMLReport(report).render()
        }
        if let out {
            let url = URL(fileURLWithPath: out, relativeTo: global.workingDirectory).standardizedFileURL
            try AtomicFile.write(Data((rendered ?? CheckTextReport(report: report, console: Console(colors: false)).render()).utf8), to: url.path)
            console.write("report written to \(out)\n")
        }
        if let rendered, out == nil {
            console.write(rendered, to: .standardOutput)
        } else {
            console.write(CheckTextReport(report: report, console: console).render(), to: .standardOutput)
        }
        if report.verdict == .regressed { throw ExitCode(2) }
        let empty = subjects.compactMap(\.nothingCompared)
        if !empty.isEmpty { throw CommandError(empty.joined(separator: "; ") + ": the check cannot pass on no evidence") }
        if !failedCalls.isEmpty { throw CommandError(failedCalls.joined(separator: "; ")) }
    }
}
