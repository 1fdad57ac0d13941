import ArgumentParser

/// `promptexp`: git-native prompt experiments.
struct PromptExpCommand: AsyncParsableCommand {
    /// Errors read `error: …`, lower case like git's and every other line we print.
    static var _errorPrefix: String { "error: " }

    /// This release; `--version` adds the commit it was built from.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "promptexp",
        abstract: "Run LLM prompt experiments in git: prompts as files, datasets as JSONL, results as commits.",
        discussion: """
            Version selectors: vN (the N-th version on this branch), a tag such as production, \
            any git revision (HEAD~2, a branch, a commit id), or working (the file on disk).
            """,
        version: "\(version) (\(BuildInfo.commit))",
        subcommands: [
            InitCommand.self, PromptCommand.self, DatasetCommand.self, ImportCommand.self, RunCommand.self,
            ExpCommand.self,
            ResultsCommand.self,
            CheckCommand.self, ReportCommand.self, LabelCommand.self, PlanCommand.self, ViewCommand.self,
            HooksCommand.self,
            CacheCommand.self,
        ]
    )
}
