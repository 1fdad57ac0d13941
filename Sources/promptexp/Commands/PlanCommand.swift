import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp plan PROMPT`: how many rows an experiment needs to see a drop of a given
/// size, in rows, calls and dollars per model, from the prompt's last committed run or a
/// stated flip rate.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Say how many rows it takes to detect a drop of a given size, and what they cost.",
        discussion: """
            The flip rate (the share of rows whose pass/fail outcome changes base → \
            candidate) comes from the summary of the newest experiment on the prompt with \
            committed scores, or from --flip-rate. Rows are for a two-sided paired test \
            at the configured confidence (Connor 1987, the sample size of McNemar's test).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The prompt id.", completion: Completions.prompts) var prompt: String
    @Option(help: "The drop to detect, as a share of the score scale (0.05 = 5 points).") var detect = 0.05
    @Option(help: "The chance of detecting it.") var power = 0.9
    @Option(
        name: .customLong("flip-rate"),
        help: "Assume this share of rows flips, instead of the last committed run's.")
    var flipRate: Double?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard detect > 0, detect <= 1 else { throw ValidationError("--detect must be above 0 and at most 1") }
        guard power > 0.5, power < 1 else { throw ValidationError("--power must be between 0.5 and 1") }
        if let flipRate, !(flipRate > 0 && flipRate <= 1) {
            throw ValidationError("--flip-rate must be above 0 and at most 1")
        }
    }

    func run() throws {
        let project = try global.openProject()
        let id = try project.requirePrompt(prompt)
        let file = try project.resolve(id, at: .working).file
        let evidence = flipRate == nil ? try project.planningEvidence(for: id) : nil
        var models: [(name: String, flips: Double, costPerCall: Double?)]
        if let flipRate {
            models = project.evaluatedModels(of: file).map { ($0, flipRate, nil) }
        } else if let evidence {
            models = evidence.models.map { ($0.model, $0.discordance, $0.costPerCall) }
        } else {
            throw CommandError(
                "\(id) has no experiment with committed scores to learn its flip rate from: state one, for example --flip-rate 0.2"
            )
        }
        if models.isEmpty { models = [("(no model)", flipRate ?? Project.assumedDiscordance, nil)] }
        let alpha = project.config.verdict.alpha
        let datasetRows = try file.frontMatter.tests?.dataset.map { name -> Int in
            var rows = try project.dataset(name).rows(checkingDuplicates: false)
            var count = 0
            while try rows.next() != nil { count += 1 }
            return count
        }
        var lines: [JSONValue] = []
        var table = TextTable()
        table.add(["model", "flip rate", "rows", "calls", "cost", "dataset can detect"])
        for model in models {
            let plan = SampleSizePlan(discordance: model.flips, alpha: alpha, power: power)
            let rows = plan.rows(toDetect: detect)
            // A call of the base and one of the candidate per row.
            let calls = rows * 2
            let cost = model.costPerCall.map { Double(calls) * $0 }
            let smallest = datasetRows.map { plan.smallestDetectableDrop(rows: $0) }
            table.add([
                model.name, NumberText.percent(model.flips), "\(rows)", "\(calls)",
                cost.map { NumberText.money($0) } ?? "?",
                smallest.map { $0 >= 0.995 ? "only a total drop" : "drops of \(Self.points($0)) or more" } ?? "–",
            ])
            lines.append([
                "model": .string(model.name), "flip_rate": .double(model.flips), "rows": .int(rows),
                "calls": .int(calls), "cost": cost.map(JSONValue.double) ?? .null,
                "dataset_detects": smallest.map(JSONValue.double) ?? .null,
            ])
        }
        let source = flipRate != nil ? "the stated flip rate" : "exp \(evidence?.experiment ?? "?")'s last run"
        if json {
            global.console.printJSON([
                "prompt": .string(id), "detect": .double(detect), "power": .double(power), "alpha": .double(alpha),
                "source": .string(source), "dataset_rows": datasetRows.map(JSONValue.int) ?? .null,
                "models": .array(lines),
            ])
            return
        }
        global.console.print(
            "To detect a drop of \(Self.points(detect)) in \(id) with \(NumberText.percent(power)) power "
                + "(two-sided, α \(String(format: "%.3g", alpha))), from \(source):")
        global.console.print(table.render())
        if let datasetRows {
            global.console.print(
                "its dataset (\(file.frontMatter.tests?.dataset ?? "")) has \(counted(datasetRows, "row")).")
        }
        if models.contains(where: { $0.costPerCall == nil }) {
            global.console.print(
                "cost: ? where the run had no prices; promptexp exp run --dry-run estimates a run's cost.")
        }
    }

    /// `5 points` for 0.05, `2.5 points` for 0.025.
    static func points(_ share: Double) -> String {
        let value = (share * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value)) points" : "\(value) points"
    }
}
