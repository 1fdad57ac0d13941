import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp new NAME --prompt P`: branch off a base version without touching production.
struct ExpNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract:
            "Start an experiment: branch exp/NAME from here with the prompt at its base version, and switch to it.",
        discussion:
            "Refuses on uncommitted changes, naming the files. The base defaults to the version tagged production, else the newest."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment's name (letters, digits, '-', '_', '.').") var name: String
    @Option(help: "The prompt id.", completion: Completions.prompts) var prompt: String
    @Option(help: ArgumentHelp("The base version: production, vN or any git revision.", valueName: "selector"))
    var base: String?
    @Option(help: "The dataset (default: the prompt's tests.dataset).", completion: Completions.datasets)
    var dataset: String?
    @Option(name: .customLong("model"), help: ArgumentHelp("A model to run. Repeatable.", valueName: "model"))
    var models: [String] = []
    @Option(help: "Run a seeded random sample of this many rows.") var sample: Int?
    @Option(help: "The seed for --sample.") var seed: UInt64 = 0
    @Option(name: .customLong("repeat"), help: "Calls per row and variant.") var repeats = 1
    @Flag(
        name: .customLong("base-from-log"),
        help: "Use each row's logged output (production's answer) as the base's, instead of calling the model.")
    var baseFromLog = false
    @Flag(help: "Open the candidate in $VISUAL or $EDITOR once the branch is made.") var edit = false
    @Option(
        name: .customLong("sample-log"),
        help: ArgumentHelp(
            "A request log: up to --sample (10) of its requests, matched against the base (or the version most of them fit) and redacted, become the experiment's dataset, committed with it as datasets/samples/NAME.jsonl.",
            valueName: "log"))
    var sampleLog: String?

    func validate() throws {
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if repeats < 1 { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let project = try global.openProject()
        var request = ExperimentRequest(name: name, prompt: prompt, base: base, dataset: dataset)
        request.models = models
        request.sampleSize = sample
        request.sampleSeed = seed
        request.repeats = repeats
        request.baseFromLog = baseFromLog
        if let sampleLog {
            guard dataset == nil else { throw ValidationError("--sample-log makes the dataset: leave out --dataset") }
            request.sampleLog = (
                URL(fileURLWithPath: sampleLog, relativeTo: global.workingDirectory).standardizedFileURL, sampleLog
            )
        }
        let (spec, commit) = try project.createExperiment(request)
        let console = global.console
        console.print(
            "created experiment \(console.styled(spec.name, .bold)) on branch exp/\(spec.name) (\(commit.short))")
        console.print(
            "base: \(spec.prompt) \(spec.base.ref) (commit \(spec.base.commit.short), blob \(spec.base.blob.short))")
        console.print("dataset: \(spec.dataset.path)   models: \(spec.models.joined(separator: ", "))")
        let path = Project.promptPath(for: spec.prompt)
        guard edit else {
            console.print(
                "next: edit \(path) (the candidate), then promptexp exp run; promptexp exp diff shows your change")
            return
        }
        do {
            try Editor().edit(project.workingFile(path).path)
        } catch let error as CommandError {
            throw CommandError(
                "\(error.description): the experiment is created; edit \(path) yourself, then promptexp exp run")
        }
        console.print("next: promptexp exp run (it shows your change and asks before sending anything)")
    }
}
