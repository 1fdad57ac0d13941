import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp import FORMAT FILE`: prompts, datasets and evaluators from another tool.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Bring prompts, test cases and checks from another tool: promptfoo, OpenAI Evals, prompt.yml, Prompty, Dotprompt.",
        discussion: """
            Writes prompts/NAME.prompt (and judges' rubrics under prompts/judges/), datasets/NAME.jsonl, \
            and evaluators in .promptexp/config.yaml; commits nothing. Whatever cannot be converted is \
            listed, one line each, and the import goes on without it. Nothing is written when the input \
            is malformed or a file would be overwritten.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case promptfoo
        case openaiEvals = "openai-evals"
        case promptYML = "prompt.yml"
        case prompty, dotprompt, json

        var importFormat: ImportFormat { ImportFormat(rawValue: rawValue) ?? .json }
    }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The other tool's format.") var format: Format
    @Argument(
        help: "Its file: promptfooconfig.yaml, an eval's JSON, NAME.prompt.yml, NAME.prompty, NAME.prompt, NAME.json.",
        completion: .file())
    var file: String
    @Option(help: ArgumentHelp("The prompt id and dataset name (default: from the file's name).", valueName: "name"))
    var name: String?
    @Option(
        name: .customLong("run"),
        help: ArgumentHelp("openai-evals: the run whose input_messages are the prompt.", valueName: "run.json"),
        completion: .file())
    var runFile: String?
    @Option(
        help: ArgumentHelp("openai-evals: the items, one JSON object a line.", valueName: "items.jsonl"),
        completion: .file())
    var items: String?
    @Flag(name: .customLong("dry-run"), help: "Say what would be written, and write nothing.") var dryRun = false

    func validate() throws {
        if format != .openaiEvals, runFile != nil || items != nil {
            throw ValidationError("--run and --items are for openai-evals")
        }
    }

    func run() throws {
        let project = try global.openProject()
        let console = global.console
        func located(_ path: String) -> (url: URL, path: String) {
            (URL(fileURLWithPath: path, relativeTo: global.workingDirectory).standardizedFileURL, path)
        }
        let source = located(file)
        let plan = try project.importPlan(
            format.importFormat, from: source.url, shownAs: file, name: name, run: runFile.map(located),
            items: items.map(located))
        let targets = try project.importTargets(plan)
        for line in plan.unconverted { console.write("not converted: \(line)\n") }
        for note in plan.notes { console.write("note: \(note)\n") }
        if dryRun {
            for path in targets { console.print("would write \(path)") }
            for evaluator in plan.evaluators {
                console.print("would add evaluator \(evaluator.name) (\(evaluator.kind)) to \(ProjectLayout.config)")
            }
            return
        }
        let written = try project.write(plan)
        for path in written { console.print("wrote \(path)") }
        let prompts = plan.prompts.filter { !$0.id.hasPrefix("judges/") }.map(\.id)
        console.print(
            "imported \(prompts.count) prompt\(prompts.count == 1 ? "" : "s"), \(plan.rows.count) row\(plan.rows.count == 1 ? "" : "s"), \(plan.evaluators.count) evaluator\(plan.evaluators.count == 1 ? "" : "s") from \(file)"
                + (plan.unconverted.isEmpty
                    ? ""
                    : "; \(plan.unconverted.count) thing\(plan.unconverted.count == 1 ? "" : "s") not converted (listed above)")
        )
        if let first = prompts.first {
            console.print(
                "next: promptexp run \(first), then commit: git add \(written.joined(separator: " ")) && git commit")
        }
    }
}
