import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp results …`: committed results compared through git history.
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results", abstract: "Compare committed experiment results, and merge the parts of a sharded run.",
        subcommands: [ResultsDiffCommand.self, ResultsMergeCommand.self])
}

/// `promptexp results diff REV_A REV_B`: the outputs that changed between two committed runs.
struct ResultsDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare an experiment's results at two revisions: outputs that changed, with their diffs, and cost.",
        discussion: "Latency is ignored: only answers and errors count as changes.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The older revision.") var old: String
    @Argument(help: "The newer revision.") var new: String
    @Option(help: "The experiment (default: the current exp/ branch).", completion: Completions.experiments)
    var experiment: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let name = try experiment ?? project.currentExperimentName()
        func results(at revision: String) throws -> [ResultRecord] {
            let commit = try project.resolveRevision(revision)
            guard let records = try project.results(of: name, at: commit, label: revision) else {
                throw CommandError("experiment '\(name)' has no committed results at \(revision) (\(commit.short))")
            }
            return records
        }
        let before = try results(at: old)
        let after = try results(at: new)
        let comparison = ResultsDiff(before: before, after: after)
        let spec = try? project.experiment(named: name)
        let weights = project.evaluatorWeights(spec?.evaluators ?? [])
        let console = global.console
        if json {
            console.printJSON(
                comparison.json(experiment: name, old: old, new: new, before: before, after: after, weights: weights))
            return
        }
        console.print(console.styled("experiment \(name): \(old) → \(new)", .bold))
        console.print(
            "\(comparison.changes.count) outputs changed, \(comparison.unchanged) unchanged, \(comparison.added.count) new calls, \(comparison.removed.count) gone"
        )
        console.print(
            "cost: \(NumberText.money(comparison.costBefore)) → \(NumberText.money(comparison.costAfter)) (\(NumberText.signedMoney(comparison.costAfter - comparison.costBefore)))"
        )
        for variant in ["base", "candidate"] {
            guard let was = ResultsDiff.meanScore(before, variant: variant, weights: weights),
                let now = ResultsDiff.meanScore(after, variant: variant, weights: weights)
            else { continue }
            console.print(String(format: "mean score, %@: %.3f → %.3f (%+.3f)", variant, was, now, now - was))
        }
        let printer = DiffPrinter(console: console)
        for change in comparison.changes {
            console.print("")
            var header = "\(change.key.variant) · row \(change.key.rowID) · \(change.key.model)"
            if let was = change.before.overall(weights: weights), let now = change.after.overall(weights: weights) {
                header += String(format: " · score %.3f → %.3f", was.score, now.score)
            }
            console.print(console.styled(header, .cyan))
            let before = change.before.output ?? "error: \(change.before.error ?? "")"
            let after = change.after.output ?? "error: \(change.after.error ?? "")"
            let diff = try TextDiff(old: before + "\n", new: after + "\n", contextLines: 2)
            console.write(printer.render(diff, oldLabel: old, newLabel: new), to: .standardOutput)
        }
    }
}
