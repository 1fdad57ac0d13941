import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp dataset sample SRC -n N -o D`: a seeded uniform random sample of rows.
struct DatasetSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a uniform random sample of a dataset's rows, or of a log's requests (with --prompt).",
        discussion: """
            One pass (reservoir sampling), seeded and reproducible: the same source and seed pick \
            the same rows. With --prompt, SRC is a request log, imported through the prompt's \
            template first (see dataset import).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A dataset (a path, or a name under datasets/), or a log file with --prompt.") var source: String
    @Option(name: .customShort("n"), help: "How many rows.") var count = 10
    @Option(help: "The seed.") var seed: UInt64 = 0
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Only rows whose input or metadata KEY equals VALUE (metadata.KEY, inputs.KEY). Repeatable.",
            valueName: "key=value"))
    var filters: [String] = []
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("The dataset to write: a path, or a name under datasets/.", valueName: "dataset"))
    var output: String
    @Option(help: ArgumentHelp("Treat SRC as a request log for this prompt.", valueName: "prompt")) var prompt: String?
    @Option(
        name: .customLong("prompt-version"),
        help: ArgumentHelp(
            "The prompt version to match, with --prompt (default: the file on disk).", valueName: "version"))
    var version: String?
    @Option(help: "The log format, with --prompt.") var format: DatasetImportCommand.Format = .auto
    @Flag(
        inversion: .prefixedNo,
        help:
            "Replace e-mail addresses, phone numbers and card numbers (with --prompt): on by default, since a sample is committed; --no-redact keeps them as logged."
    )
    var redact = true
    @Flag(help: "Replace the dataset if it exists.") var force = false

    func validate() throws {
        if count < 1 { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let project = try global.openProject()
        let sampler = DatasetSampler(
            size: count, seed: seed, filters: try filters.map(DatasetSampler.Filter.init(parsing:)))
        let target = DatasetOutput.url(output, project: project, workingDirectory: global.workingDirectory)
        if FileManager.default.fileExists(atPath: target.path), !force {
            throw CommandError("\(DatasetOutput.shown(target, project)) exists: pass --force to replace it")
        }
        var dataset: DatasetFile
        var imported: URL?
        if let prompt {
            let id = try project.requirePrompt(prompt)
            let log = (URL(fileURLWithPath: source, relativeTo: global.workingDirectory).standardizedFileURL, source)
            let staged = try project.stageLog(
                log, promptID: id, version: version,
                options: .init(format: format.logFormat, redact: redact))
            let summary = staged.summary
            if let tried = staged.triedFirst {
                global.console.print("more of the log fits \(staged.promptLabel) than \(tried): matched against it")
            }
            global.console.print(
                "format: \(summary.format.rawValue); \(summary.imported) of \(summary.lines) requests matched \(staged.promptLabel)"
                    + (redact ? "; e-mail addresses, phone and card numbers replaced (--no-redact keeps them)" : "")
            )
            ImportSummaryPrinter(console: global.console).printSkipped(summary)
            let hint = staged.better.map { ImportSummaryPrinter.hint($0, id: id) }
            if let hint, summary.imported > 0 { global.console.print(hint) }
            guard summary.imported > 0 else {
                throw CommandError(
                    "no request in \(source) matched \(staged.promptLabel), so nothing was sampled"
                        + (hint.map { ": \($0)" } ?? " (promptexp dataset import says why, request by request)"))
            }
            dataset = staged.dataset
            imported = staged.dataset.url
        } else {
            dataset = try project.dataset(source)
        }
        defer { if let imported { try? FileManager.default.removeItem(at: imported) } }
        let summary = try sampler.sample(dataset, to: target)
        let among =
            filters.isEmpty
            ? counted(summary.rows, "row")
            : "the \(counted(summary.matched, "row")) (of \(summary.rows)) where \(filters.joined(separator: " and "))"
        guard summary.written > 0 else {
            throw CommandError(
                summary.rows == 0
                    ? "\(source) has no rows, so nothing was sampled"
                    : "no row of \(source) matches \(filters.joined(separator: " and ")), so nothing was sampled")
        }
        global.console.print(
            "sampled \(summary.written) of \(among), seed \(seed), into \(DatasetOutput.shown(target, project))")
    }
}
