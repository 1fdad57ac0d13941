import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp diff [NAME]`: the prompt diff base → candidate, then the outputs that changed.
struct ExpDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show the prompt diff base → candidate and every output the last run changed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment (default: the current exp/ branch).", completion: Completions.experiments)
    var name: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: name)
        let console = global.console
        let promptDiff = try Project.experimentPromptDiff(
            base: view.base.file.text, candidate: view.candidate.file.text)
        let fileDiffs = try project.referencedFileDiffs(base: view.base, candidate: view.candidate)
        if json {
            var pairs = 0
            var changed: [JSONValue] = []
            try view.forEachRow { rowPairs, _ in
                pairs += rowPairs.count
                for pair in rowPairs where pair.changed {
                    changed.append([
                        "row_id": .string(pair.base.rowID), "model": .string(pair.candidate.model),
                        "repeat": .int(pair.base.repeatIndex),
                        "base": .string(pair.base.shownText), "candidate": .string(pair.candidate.shownText),
                    ])
                }
            }
            console.printJSON([
                "experiment": .string(view.spec.name), "prompt_diff": promptDiff.json,
                "file_diffs": .array(fileDiffs.map { ["path": .string($0.path), "diff": $0.diff.json] }),
                "pairs": .int(pairs),
                "changed": .array(changed),
            ])
            return
        }
        let printer = DiffPrinter(console: console)
        console.write(
            printer.promptDiff(promptDiff, spec: view.spec, filesChanged: !fileDiffs.isEmpty), to: .standardOutput)
        for (path, diff) in fileDiffs {
            console.write(
                printer.render(diff, oldLabel: "a/\(path) (base)", newLabel: "b/\(path) (candidate)"),
                to: .standardOutput)
        }
        guard view.hasResults else {
            console.print("\nno results yet: run it with `git switch exp/\(view.spec.name) && promptexp exp run`")
            return
        }
        console.print("")
        // Two passes over the results, so the count comes first and no row is held.
        var pairs = 0
        var changed = 0
        try view.forEachRow { rowPairs, _ in
            pairs += rowPairs.count
            changed += rowPairs.filter(\.changed).count
        }
        console.print(console.styled("outputs: \(changed) of \(pairs) changed", .bold))
        try view.forEachRow { rowPairs, _ in
            for pair in rowPairs where pair.changed {
                console.print("")
                console.print(
                    console.styled(
                        "row \(pair.base.rowID) · \(pair.candidate.model)\(pair.base.repeatIndex > 0 ? " · repeat \(pair.base.repeatIndex)" : "")",
                        .cyan))
                let diff = try TextDiff(
                    old: pair.base.shownText + "\n", new: pair.candidate.shownText + "\n", contextLines: 2)
                console.write(printer.render(diff, oldLabel: "base", newLabel: "candidate"), to: .standardOutput)
            }
        }
    }
}
