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
            console.print("\nno results yet: promptexp exp run")
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

/// An experiment as the show and diff commands see it: spec, base and candidate, and the
/// pairs of the last run's results in the working tree.
struct ExperimentView {
    let spec: ExperimentSpec
    let base: RunVariant
    let candidate: RunVariant
    let outcome: ExperimentOutcome
    let hasResults: Bool
    /// Row id → inputs, from the experiment's dataset (empty when it cannot be read).
    let inputs: [String: [String: JSONValue]]

    init(project: Project, name: String?) throws {
        let name = try name ?? project.currentExperimentName()
        spec = try project.experiment(named: name)
        (base, candidate) = try project.experimentVariants(spec)
        let results = project.root.appendingPathComponent("\(Project.experimentFolder(name))/results.jsonl")
        hasResults = FileManager.default.fileExists(atPath: results.path)
        let records = hasResults ? try ResultsFile.read(results, displayPath: "\(Project.experimentFolder(name))/results.jsonl") : []
        outcome = ExperimentOutcome(spec: spec, candidateBlob: candidate.blob, summary: RunSummary(), records: records)
        let rows = (try? project.dataset(spec.dataset.path).allRows()) ?? []
        inputs = Dictionary(rows.map { ($0.id, $0.inputs) }, uniquingKeysWith: { first, _ in first })
    }
}
