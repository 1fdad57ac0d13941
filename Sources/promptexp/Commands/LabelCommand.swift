import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp label NAME ROW (--good | --bad)` and `promptexp label NAME --next`: people's
/// judgement of an experiment's outputs, from the terminal, committed on its branch as the
/// web view commits it.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Label an experiment's output good or bad, or show the next changed output without a label.",
        discussion: """
            A label is committed on the experiment's branch (labels.jsonl, and report.md with \
            how each evaluator agrees with people), whatever is checked out. It judges the \
            output the last run committed; a later run that changes it leaves the label stale.
            """)

    enum Variant: String, ExpressibleByArgument, CaseIterable {
        case base, candidate
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment.", completion: Completions.experiments) var experiment: String
    @Argument(help: "The row id to label.") var row: String?
    @Option(help: "The model whose output it is (needed when the experiment ran on several).") var model: String?
    @Option(help: "Which output: candidate or base.") var variant: Variant = .candidate
    @Option(name: .customLong("repeat"), help: "Which repeat, when the run had --repeat.") var repeatIndex = 0
    @Flag(help: "The output is good.") var good = false
    @Flag(help: "The output is bad.") var bad = false
    @Option(help: "Why, in a few words.") var comment = ""
    @Flag(help: "Show the next changed output that has no label yet, with both outputs, and how to label it.")
    var next = false

    func validate() throws {
        if next {
            guard row == nil, !good, !bad else { throw ValidationError("--next takes no row, --good or --bad") }
            return
        }
        guard row != nil else { throw ValidationError("name the row to label, or pass --next") }
        guard good != bad else { throw ValidationError("say --good or --bad (one of them)") }
    }

    func run() throws {
        let project = try global.openProject()
        let view = try ExperimentView(project: project, name: experiment)
        guard view.hasResults else { throw view.notRunError }
        if next { return try showNext(project: project, view: view) }
        guard let row else { return }
        var models: [String] = []
        try view.forEachRow { pairs, _ in
            for pair in pairs where pair.base.rowID == row && !models.contains(pair.candidate.model) {
                models.append(pair.candidate.model)
            }
        }
        guard !models.isEmpty else {
            throw CommandError("experiment \(view.spec.name) has no row '\(row)' in its last run")
        }
        let chosen: String
        if let model {
            guard models.contains(model) else {
                throw CommandError("row \(row) ran on \(models.joined(separator: ", ")), not \(model)")
            }
            chosen = model
        } else {
            guard models.count == 1, let only = models.first else {
                throw CommandError("row \(row) ran on \(models.joined(separator: ", ")): say which with --model")
            }
            chosen = only
        }
        let label = HumanLabel(
            rowID: row, model: chosen, repeatIndex: repeatIndex, variant: variant.rawValue, good: good,
            comment: comment)
        let commit = try project.addLabel(label, experiment: view.spec.name)
        global.console.print(
            "labelled the \(variant.rawValue) of row \(row) (\(chosen)) \(good ? "good" : "bad"): "
                + "commit \(commit.short) on exp/\(view.spec.name)")
    }

    /// The first changed output of the chosen side without a label, printed whole.
    private func showNext(project: Project, view: ExperimentView) throws {
        let labels = try project.labels(of: view.spec.name)
        let printer = PairPrinter(
            console: global.console, weights: view.weights, wholeInputs: true,
            labels: Dictionary(labels.map { ($0.key, $0) }, uniquingKeysWith: { $1 }))
        var shown = false
        var unlabelled = 0
        try view.forEachRow { pairs, inputs in
            for pair in pairs where pair.changed {
                let record = variant == .base ? pair.base : pair.candidate
                guard !labels.contains(where: { $0.labels(record) }) else { continue }
                unlabelled += 1
                guard !shown else { continue }
                shown = true
                printer.print(pair, inputs: inputs)
                global.console.print("")
                let model = pair.candidate.model
                let repeatOption = record.repeatIndex > 0 ? " --repeat \(record.repeatIndex)" : ""
                let variantOption = variant == .base ? " --variant base" : ""
                global.console.print(
                    "label it: promptexp label \(view.spec.name) \(record.rowID) --model \(model)"
                        + "\(variantOption)\(repeatOption) --good (or --bad) [--comment TEXT]")
            }
        }
        global.console.print(
            shown
                ? "\(unlabelled) changed output\(unlabelled == 1 ? "" : "s") without a label yet"
                : "every changed output of experiment \(view.spec.name) has a label")
    }
}
