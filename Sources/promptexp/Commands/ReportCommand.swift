import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp report NAME`: an experiment's last committed run as a report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of an experiment's last committed run: markdown, html, json or junit.",
        discussion: "html is one self-contained file (inline charts, no network): open it in a browser.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, html, json, junit
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the one of the current exp/ branch).") var name: String?
    @Option(help: "markdown, html, json or junit.") var format: Format = .markdown
    @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var out: String?

    func run() throws {
        let project = try global.openProject()
        let report = try project.experimentReport(try name ?? project.currentExperimentName(), keepingRecords: format == .junit)
        let text = switch format {
        case .markdown: MarkdownReport(report).render()
        case .html: HTMLReport(report).render()
        case .json: report.json.prettyJSON + "\n"
        case .junit: JUnitReport(report).render()
        }
        guard let out else {
            global.console.write(text, to: .standardOutput)
            return
        }
        let url = URL(fileURLWithPath: out, relativeTo: global.workingDirectory).standardizedFileURL
        try AtomicFile.write(Data(text.utf8), to: url.path)
        global.console.print("wrote \(out)")
    }
}
