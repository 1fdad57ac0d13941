import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp show [NAME]`: base and candidate answers row by row.
struct ExpShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show base and candidate outputs per row, changed words highlighted, with cost and latency.",
        discussion:
            "Exits 1 when the experiment has not been run. On a terminal the output goes through $PAGER (less -FRX).")

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: "The experiment (default: the current exp/ branch); read from its branch wherever you are.",
        completion: Completions.experiments)
    var name: String?
    @Flag(help: "Only rows whose output changed.") var changed = false
    @Flag(help: "Only rows whose score fell, or that went pass → fail.") var worse = false
    @Flag(help: "Only rows whose score rose, or that went fail → pass.") var better = false
    @Flag(help: "Only rows whose candidate fails its evaluators or whose call failed.") var failing = false
    @Flag(help: "Only rows where a call failed.") var errors = false
    @Option(help: "Only this row, with its inputs in full.") var row: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(name: .customLong("no-pager"), help: "Print straight to the terminal instead of through $PAGER (less).")
    var noPager = false

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: name)
        guard view.hasResults else { throw view.notRunError }
        let console = global.console
        // The prompt's change comes first: what the rows below are judging.
        var json =
            self.json
            ? JSONArrayPrinter(
                console: console,
                leading: [
                    "experiment": .string(view.spec.name), "prompt": .string(view.spec.prompt),
                    "prompt_diff": try Project.experimentPromptDiff(
                        base: view.base.file.text, candidate: view.candidate.file.text
                    ).json,
                ], key: "rows")
            : nil
        let pager = self.json || noPager ? nil : Pager.start()
        defer { pager?.finish() }
        var filter = PairFilter(weights: view.weights)
        (filter.changed, filter.worse, filter.better, filter.failing, filter.errors, filter.row) = (
            changed, worse, better, failing, errors, row
        )
        // People's labels, committed on the branch, beside the evaluators' scores.
        let labels = Dictionary(
            ((try? project.labels(of: view.spec.name)) ?? []).map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        let printer = PairPrinter(console: console, weights: view.weights, wholeInputs: row != nil, labels: labels)
        var shown = 0
        var changedCount = 0
        var total = 0
        try view.forEachRow { pairs, inputs in
            for pair in pairs {
                total += 1
                if pair.changed { changedCount += 1 }
                guard filter.matches(pair) else { continue }
                shown += 1
                if json != nil {
                    json?.append([
                        "row_id": .string(pair.base.rowID), "inputs": .object(inputs ?? [:]),
                        "base": pair.base.json, "candidate": pair.candidate.json, "changed": .bool(pair.changed),
                        "labels": .array(printer.labels(of: pair).map(\.json)),
                    ])
                } else {
                    printer.print(pair, inputs: inputs)
                }
            }
        }
        if let json {
            json.finish()
        } else {
            console.print(
                console.styled("\(counted(shown, "row")) shown; \(changedCount) of \(total) outputs changed", .bold))
        }
    }
}
