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
        case text, markdown, junit, json, html, csv

    }

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The old side (default: the merge base with the upstream branch, else main).", valueName: "rev"))
    var base: String?
    @Option(help: ArgumentHelp("The new side (default: HEAD).", valueName: "rev")) var head: String?
    @Flag(help: "Compare HEAD with the index: what the next commit would hold (for a pre-commit hook).") var staged = false
    @Option(help: "The report's format: text, markdown, junit, json, html or csv.") var format: Format = .text
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
            var notes: [String] = []
            if outcome.summary.totalErrors > 0 {
                let message = "\(outcome.summary.totalErrors) of \(outcome.summary.totalCalls) calls failed; a failed call fails every evaluator"
                notes.append(message)
                failedCalls.append("\(target.prompt): \(message)")
            }
            if let after = await evaluation.ledger(), after.calls > (before?.calls ?? 0) {
                notes.append(after.since(before ?? JudgeLedger()).line)
            }
            var source = ReportSource(
                prompt: target.prompt, baseLabel: plan.baseLabel, candidateLabel: plan.candidateLabel, dataset: dataset,
                results: output, resultsDisplayPath: project.repository.relativePath(of: output) ?? output.path,
                weights: digest.comparison?.weights, policy: project.config.verdict)
            source.notes = notes
            source.promptDiff = try TextDiff(old: target.base.file.text, new: target.candidate.file.text)
            // JUnit lists every record; the others stream the results.
            source.keepingRecords = format == .junit
            let subject = try source.subject()
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
        let url = out.map { URL(fileURLWithPath: $0, relativeTo: global.workingDirectory).standardizedFileURL }
        // The chosen format goes to --out, else to stdout; with --out, stdout gets the text report.
        if format == .csv {
            try CSVOutput.write(report, to: url, console: console)
        } else {
            let rendered = switch format {
            case .text, .csv: CheckTextReport(report: report, console: url == nil ? console : Console(colors: false)).render()
            case .markdown: MarkdownReport(report).render()
            case .junit: JUnitReport(report).render()
            case .json: report.json.prettyJSON + "\n"
            case .html: HTMLReport(report).render()
            }
            if let url {
                try AtomicFile.write(Data(rendered.utf8), to: url.path)
            } else {
                console.write(rendered, to: .standardOutput)
            }
        }
        if let out {
            console.write("report written to \(out)\n")
            console.write(CheckTextReport(report: report, console: console).render(), to: .standardOutput)
        }
        if report.verdict == .regressed { throw ExitCode(2) }
        let empty = subjects.compactMap(\.nothingCompared)
        if !empty.isEmpty { throw CommandError(empty.joined(separator: "; ") + ": the check cannot pass on no evidence") }
        if !failedCalls.isEmpty { throw CommandError(failedCalls.joined(separator: "; ")) }
    }
}
