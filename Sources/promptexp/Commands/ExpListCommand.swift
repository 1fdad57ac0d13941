import ArgumentParser
import PromptExpKit

/// `promptexp exp list`: every experiment branch, newest first.
struct ExpListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the experiments, newest first.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let experiments = try project.experiments()
        let console = global.console
        let summaries = try experiments.map { experiment in
            try project.committedRunSummary(of: experiment.spec.name, at: experiment.tip.id)
        }
        if json {
            console.printJSON(try project.experimentListJSON())
            return
        }
        if experiments.isEmpty {
            console.print("no experiments yet: promptexp exp new NAME --prompt P")
            return
        }
        var table = TextTable()
        for (experiment, summary) in zip(experiments, summaries) {
            let tip = experiment.tip
            table.add([
                console.styled(experiment.spec.name, .bold), experiment.spec.prompt, "base \(experiment.spec.base.ref)",
                ISO8601Format.day(tip.date, offsetMinutes: tip.timeZoneOffsetMinutes),
                console.styled(tip.id.short, .yellow),
                summary.map { run in
                    (run.verdict.flatMap(Verdict.init(key:)).map { "\($0.rawValue), " } ?? "")
                        + "\(run.changedOutputs)/\(run.pairs) changed, \(NumberText.money(run.cost))"
                } ?? "not run yet",
            ])
        }
        console.print(table.render())
    }
}
