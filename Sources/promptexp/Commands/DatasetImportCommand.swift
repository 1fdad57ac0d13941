import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp dataset import LOG... --prompt P -o D`: a dataset of real inputs from request logs.
struct DatasetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a dataset from request logs: recover the prompt's inputs from each logged request.",
        discussion: """
            Formats: openai-chat ({"messages": [...]} lines, as in fine-tuning files), openai-batch \
            (Batch input and output files, joined by custom_id; Anthropic Message Batches too), \
            helicone (request exports), langfuse (dataset items), jsonl (dataset rows); auto \
            detects from the first line. Each request is matched against the prompt's template; \
            requests that do not match are counted by reason, never guessed. Production's answer \
            becomes the row's output; model, tokens, latency, cost and the request id go to metadata.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto
        case openaiChat = "openai-chat"
        case openaiBatch = "openai-batch"
        case helicone, langfuse, jsonl

        var logFormat: LogFormat? { self == .auto ? nil : LogFormat(rawValue: rawValue) }
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Log files (for openai-batch: the input and the output file).") var logs: [String]
    @Option(help: ArgumentHelp("The prompt whose template the requests were rendered from.", valueName: "prompt"))
    var prompt: String
    @Option(
        name: .customLong("prompt-version"),
        help: ArgumentHelp(
            "The prompt version to match (default: the file on disk); --version stays the tool's own.",
            valueName: "version"))
    var version: String?
    @Option(help: "The log format.") var format: Format = .auto
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("The dataset to write: a path, or a name under datasets/.", valueName: "dataset"))
    var output: String
    @Flag(help: "Stop at the first malformed line instead of counting it.") var strict = false
    @Flag(name: .customLong("keep-duplicates"), help: "Keep requests with the same inputs as an earlier one.")
    var keepDuplicates = false
    @Flag(help: "Replace e-mail addresses, phone numbers and card numbers with placeholders.") var redact = false
    @Flag(help: "Replace the dataset if it exists.") var force = false
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        if logs.isEmpty { throw ValidationError("name at least one log file") }
    }

    func run() throws {
        let project = try global.openProject()
        let console = global.console
        let id = try project.requirePrompt(prompt)
        let resolved = try project.resolve(id, at: version.map(VersionSelector.init(parsing:)) ?? .working)
        let target = DatasetOutput.url(output, project: project, workingDirectory: global.workingDirectory)
        if FileManager.default.fileExists(atPath: target.path), !force {
            throw CommandError("\(DatasetOutput.shown(target, project)) exists: pass --force to replace it")
        }
        var options = LogImporter.Options(
            format: format.logFormat, strict: strict, keepDuplicates: keepDuplicates, redact: redact)
        options.imageFolder = project.importedImageFolder
        let importer = try LogImporter(file: resolved.file, promptID: id, options: options)
        let files = logs.map { path in
            let url = URL(fileURLWithPath: path, relativeTo: global.workingDirectory).standardizedFileURL
            return (url: url, path: path)
        }
        let live = !quiet && isatty(STDERR_FILENO) == 1
        let summary = try importer.run(files, to: target) { lines, rows in
            if live { console.write("\rread \(lines) lines, \(rows) rows") }
        }
        if live { console.write("\r\u{1B}[K") }
        ImportSummaryPrinter(console: console).print(
            summary, target: DatasetOutput.shown(target, project), prompt: "\(id)@\(resolved.versionLabel)")
        // Requests logged before the prompt changed fit the version that served them.
        let better =
            summary.skippedTotal == 0
            ? nil
            : try project.versionFittingMore(
                files, promptID: id, options: importer.options, chosen: resolved.blob, imported: summary.imported)
        if let better, summary.imported > 0 { console.print(ImportSummaryPrinter.hint(better, id: id)) }
        if summary.imported == 0 {
            throw CommandError(
                "no request in the log matched \(id)@\(resolved.versionLabel), so nothing was written"
                    + (better.map { ": \(ImportSummaryPrinter.hint($0, id: id))" } ?? " (the reasons are above)"))
        }
    }
}
