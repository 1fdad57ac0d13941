import ArgumentParser

/// `promptexp dataset …`: look into JSONL datasets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect datasets, import them from request logs, and sample them.",
        subcommands: [
            DatasetShowCommand.self, DatasetStatsCommand.self, DatasetImportCommand.self, DatasetSampleCommand.self,
        ])
}
