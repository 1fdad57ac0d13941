import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp compare A B [C …]`: several experiments of one prompt side by side.
struct ExpCompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare experiments of one prompt, and the base, against each other: is one better than all?",
        discussion: """
            The experiments must start from the same base version of the same prompt and run \
            on the same dataset, models, evaluators, sample and repeats. Each candidate is the \
            prompt as its branch has it; calls committed on any of the branches are reused, \
            and only missing ones are sent (asked first on a terminal, as exp run does).

            Every pair of variants is compared on the rows both were scored on, by McNemar's \
            exact test on the rows only one passes, with the p-values adjusted for all the \
            pairs at once (Holm). A winner is named only when it is significantly better \
            than every other variant on every model. exp promote keeps its own guard: it \
            promotes an experiment on its own last run.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json, html
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiments (two or more).", completion: Completions.experiments) var names: [String]
    @Option(help: "The report's format: text, markdown, json or html.") var format: Format = .text
    @Option(help: ArgumentHelp("Write the report to this file (default: stdout).", valueName: "file")) var out: String?
    @Option(help: "Calls in flight at once (default: defaults.concurrency in the config).") var concurrency: Int?
    @Flag(
        name: .customLong("dry-run"),
        help: "Print the calls that would be sent, reused and their estimated cost; send nothing.")
    var dryRun = false
    @Flag(name: .customLong("no-cache"), help: "Bypass the cache.") var noCache = false
    @Flag(help: "No progress output.") var quiet = false
    @Flag(name: .shortAndLong, help: "Send missing calls without asking first.") var yes = false

    func validate() throws {
        if names.count < 2 { throw ValidationError("name two experiments or more") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        var settings = RunSettings()
        settings.concurrency = concurrency
        settings.dryRun = dryRun
        settings.useCache = !noCache
        let comparison = try ExperimentComparisonRun(project: project, names: names, settings: settings)
        try await RunContext.use(project: project, settings: settings) { context in
            let evaluation = try EvaluatorSet(
                context: context, names: comparison.evaluatorNames, useCache: settings.useCache,
                output: comparison.job.output, dryRun: settings.dryRun)
            let presenter = RunPresenter(
                console: console, quiet: quiet, summaryStream: .standardError,
                asksFirst: !dryRun && !yes && Console.canAsk)
            guard let performed = try await comparison.perform(in: context, evaluation: evaluation, observer: presenter)
            else { return }
            let report = performed.report
            let text: String
            switch format {
            case .text: text = report.text
            case .markdown: text = report.markdown
            case .json: text = report.json.prettyJSON + "\n"
            case .html: text = report.html
            }
            if let out {
                let url = URL(fileURLWithPath: out, relativeTo: global.workingDirectory).standardizedFileURL
                try AtomicFile.write(Data(text.utf8), to: url.path)
                console.write("report written to \(out)\n")
                if format != .text { console.write(report.text, to: .standardOutput) }
            } else {
                console.write(text, to: .standardOutput)
            }
            if let problem = performed.problem { throw problem }
        }
    }
}
