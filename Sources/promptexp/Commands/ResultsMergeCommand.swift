import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp results merge PARTS...`: `exp run --merge` with the parts named.
struct ResultsMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the results parts of a sharded experiment run, then score and commit them.",
        discussion: """
            The parts (results.shard-I-of-N.jsonl, from `exp run --shard I/N` on N machines) \
            must be all N parts of one split of this experiment's plan. They are joined into \
            the results file one machine would have written, scored and committed on the \
            experiment's branch, as `promptexp exp run --merge` does. Nothing is written \
            when a part is missing or given twice, or a call is missing or belongs to \
            another plan: the error names them.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The parts to join.", valueName: "part")) var parts: [String]
    @Option(help: "The experiment (default: the current exp/ branch).", completion: Completions.experiments)
    var experiment: String?
    @Flag(name: .customLong("no-commit"), help: "Write the files but commit nothing.") var noCommit = false
    @Flag(help: "No progress output.") var quiet = false

    func run() async throws {
        var arguments = ["--color", global.color.rawValue]
        if let directory = global.directory { arguments += ["-C", directory] }
        if let experiment { arguments.append(experiment) }
        arguments += ["--merge", "--yes"] + parts.flatMap { ["--part", $0] }
        if noCommit { arguments.append("--no-commit") }
        if quiet { arguments.append("--quiet") }
        let command = try ExpRunCommand.parse(arguments)
        try await command.run()
    }
}
