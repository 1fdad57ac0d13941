import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp prompt list`: every prompt with its version count, tags and state on disk.
struct PromptListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the prompts.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let console = global.console
        let summaries = try PromptSummary.all(in: project)
        if json {
            console.printJSON(.array(summaries.map(\.json)))
            return
        }
        if summaries.isEmpty {
            console.print("no prompts yet: add files under prompts/ (see promptexp init)")
            return
        }
        var table = TextTable()
        for summary in summaries {
            let state = summary.state == .clean ? "" : console.styled(summary.state.rawValue, .yellow)
            var tags = summary.tags
            // The deployed version is named even when a newer draft is on top of it.
            if let deployed = summary.production, deployed.commit.id != summary.latest?.commit.id {
                tags = tags.filter { $0 != Project.productionTag } + ["production: \(deployed.label)"]
            }
            table.add([
                console.styled(summary.id, .bold),
                summary.latest.map { "\($0.label) \($0.commit.id.short)" } ?? "-",
                tags.isEmpty ? "" : console.styled(tags.joined(separator: ","), .cyan),
                state,
                summary.description ?? "",
            ])
        }
        console.print(table.render())
    }
}
