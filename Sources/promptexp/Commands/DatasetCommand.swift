import ArgumentParser

/// `promptexp dataset …`: look into JSONL datasets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect datasets.",
        subcommands: [DatasetShowCommand.self, DatasetStatsCommand.self])
}
