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

    @OptionGroup var global: GlobalOptions
    @Option(
        help: ArgumentHelp(
            "The old side (default: the merge base with the upstream branch, else main).", valueName: "rev"))
    var base: String?
    @Option(help: ArgumentHelp("The new side (default: HEAD).", valueName: "rev")) var head: String?
    @Flag(help: "Compare HEAD with the index: what the next commit would hold (for a pre-commit hook).") var staged =
        false
    @Option(help: "The report's format: text, markdown, junit, json, html or csv.") var format: ReportFormat = .text
    @Option(
        help: ArgumentHelp("Write the report to this file (a short verdict still goes to stdout).", valueName: "file"))
    var out: String?
    @OptionGroup var runOptions: RunCommandOptions
    @Flag(
        help:
            "Stop each prompt's check as soon as its verdict is decided: rows in a random order (--seed), sent in waves, an anytime-valid test after each."
    )
    var sequential = false

    func validate() throws {
        if sequential, runOptions.batch { throw ValidationError(ExpRunCommand.sequentialWithBatch) }
        if !runOptions.parts.isEmpty {
            throw ValidationError("check --merge finds each prompt's parts beside its results: it takes no --part")
        }
        if staged && head != nil { throw ValidationError("--staged compares HEAD with the index: it takes no --head") }
    }

    /// The index git hands a hook (`GIT_INDEX_FILE`: `git commit -a` stages there, not in
    /// `.git/index`), relative to the folder the hook runs in.
    private var gitIndexFile: URL? {
        guard staged, let path = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"], !path.isEmpty else {
            return nil
        }
        return URL(fileURLWithPath: path, relativeTo: global.workingDirectory).standardizedFileURL
    }

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        var settings = runOptions.settings(relativeTo: global.workingDirectory)
        settings.sequential = sequential
        var check = try CheckRun(
            project: project, request: CheckRequest(base: base, head: head, staged: staged, indexFile: gitIndexFile),
            settings: settings)
        check.keepingRecords = format == .junit
        let found = try await RunContext.use(project: project, settings: settings) { context in
            let evaluation = try EvaluatorSet(
                context: context, names: check.evaluatorNames, useCache: settings.useCache,
                output: check.judgesJournalKey, dryRun: settings.dryRun)
            // stdout carries the report: the run's own summary goes to stderr.
            let presenter = RunPresenter(console: console, quiet: runOptions.quiet, summaryStream: .standardError)
            return try await check.run(
                in: context, evaluation: evaluation, observer: presenter, batchPoll: runOptions.batchPoll)
        }
        guard let found else { return }
        let report = found.report
        let url = out.map { URL(fileURLWithPath: $0, relativeTo: global.workingDirectory).standardizedFileURL }
        // The chosen format goes to --out, else to stdout; with --out, stdout gets the text report.
        try ReportOutput.write(report, as: format, to: url, console: console)
        if let out {
            console.write("report written to \(out)\n")
            console.write(CheckTextReport(report: report, console: console).render(), to: .standardOutput)
        }
        if report.verdict == .regressed { throw ExitCode(2) }
        if !report.undecided.isEmpty {
            throw CommandError(report.undecided.joined(separator: "; ") + ": the check cannot pass on no evidence")
        }
    }
}
