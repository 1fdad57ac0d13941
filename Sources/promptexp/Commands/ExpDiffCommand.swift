import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp diff [NAME]`: the prompt diff base → candidate, then the outputs that changed.
struct ExpDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show the prompt diff base → candidate and every output the last run changed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the current exp/ branch).") var name: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: name)
        let console = global.console
        let promptPath = Project.promptPath(for: view.spec.prompt)
        let promptDiff = try TextDiff(old: view.base.file.text, new: view.candidate.file.text)
        if json {
            console.printJSON([
                "experiment": .string(view.spec.name),
                "prompt_diff": promptDiff.json,
                "pairs": .int(view.outcome.pairs),
                "changed": .array(view.outcome.changes.map { change in
                    ["row_id": .string(change.rowID), "model": .string(change.model), "repeat": .int(change.repeatIndex),
                     "base": change.base.map(JSONValue.string) ?? .null, "candidate": change.candidate.map(JSONValue.string) ?? .null]
                }),
            ])
            return
        }
        let printer = DiffPrinter(console: console)
        console.print(console.styled("prompt \(view.spec.prompt): base \(view.spec.base.ref) → candidate", .bold))
        if promptDiff.isEmpty {
            console.print("(the candidate is the base: edit \(promptPath))")
        } else {
            console.write(printer.render(promptDiff, oldLabel: "a/\(promptPath) (base)", newLabel: "b/\(promptPath) (candidate)"), to: .standardOutput)
        }
        guard view.hasResults else {
            console.print("\nno results yet: run it with `git switch exp/\(view.spec.name) && promptexp exp run`")
            return
        }
        console.print("")
        console.print(console.styled("outputs: \(view.outcome.changes.count) of \(view.outcome.pairs) changed", .bold))
        for change in view.outcome.changes {
            console.print("")
            console.print(console.styled("row \(change.rowID) · \(change.model)\(change.repeatIndex > 0 ? " · repeat \(change.repeatIndex)" : "")", .cyan))
            let diff = try TextDiff(old: (change.base ?? "") + "\n", new: (change.candidate ?? "") + "\n", contextLines: 2)
            console.write(printer.render(diff, oldLabel: "base", newLabel: "candidate"), to: .standardOutput)
        }
    }
}
