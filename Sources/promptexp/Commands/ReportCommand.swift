import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp report NAME`: an experiment's last committed run as a report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of an experiment's last committed run: markdown, html, json, junit or csv.",
        discussion: """
            It reads the run from the experiment's branch, whatever is checked out; markdown is \
            exactly the committed report.md. html is one self-contained file (inline charts, no \
            network): open it in a browser. csv has one line per row and model, for a spreadsheet.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, html, json, junit, csv
    }

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: "The experiment (default: the one of the current exp/ branch).", completion: Completions.experiments)
    var name: String?
    @Option(help: "markdown, html, json, junit or csv.") var format: Format = .markdown
    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var out: String?

    func run() throws {
        let project = try global.openProject()
        let report = try project.experimentReport(
            try name ?? project.currentExperimentName(), keepingRecords: format == .junit)
        let url = out.map { URL(fileURLWithPath: $0, relativeTo: global.workingDirectory).standardizedFileURL }
        try ReportOutput.write(
            report, as: ReportFormat(rawValue: format.rawValue) ?? .markdown, to: url, console: global.console)
        if let out { global.console.print("wrote \(out)") }
    }
}
