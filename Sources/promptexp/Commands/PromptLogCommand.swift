import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp prompt log P`: every version of a prompt on this branch, newest first.
struct PromptLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List a prompt's versions on the current branch, newest first.",
        discussion: "A version is a commit on the first-parent history that changed the prompt file.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The prompt id, such as support/reply.", completion: Completions.prompts) var prompt: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let id = try project.requirePrompt(prompt)
        let versions = try project.history(of: id)
        let console = global.console
        if let oldest = versions.last, oldest.inShallowHistory {
            console.warn(
                "this is a shallow clone: versions older than \(oldest.commit.id.short) are not here, so versions are named by commit (git fetch --unshallow for the whole history)"
            )
        }
        if json {
            console.printJSON(try project.promptLogJSON(id))
            return
        }
        let state = try PromptSummary.state(of: id, in: project)
        if state != .clean {
            console.print(console.styled("working", .yellow) + "  " + Self.describe(state))
        }
        if versions.isEmpty {
            console.print("\(Project.promptPath(for: id)) has no committed versions yet")
            return
        }
        let runs = try project.runSummaries(for: versions)
        var table = TextTable()
        for version in versions {
            let commit = version.commit
            table.add([
                console.styled(version.label, .bold),
                console.styled(commit.id.short, .yellow),
                ISO8601Format.day(commit.date, offsetMinutes: commit.timeZoneOffsetMinutes),
                commit.authorName,
                version.tags.isEmpty
                    ? ""
                    : console.styled("[" + version.shownTags(among: versions).joined(separator: ", ") + "]", .cyan),
                commit.subject,
            ])
            if let run = runs[commit.id] {
                table.add(["", "", "", "", "", console.styled("└ " + run.line, .dim)])
            }
        }
        console.print(table.render())
    }

    private static func describe(_ state: PromptSummary.State) -> String {
        switch state {
        case .clean: ""
        case .modified: "uncommitted changes on disk"
        case .untracked: "not committed yet"
        case .deleted: "deleted on disk"
        case .invalid: "the file on disk does not parse"
        }
    }
}
