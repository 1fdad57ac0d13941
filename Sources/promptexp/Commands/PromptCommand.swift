import ArgumentParser

/// `promptexp prompt …`: list, show, log, diff, render and tag prompts.
struct PromptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Inspect prompts and their versions.",
        subcommands: [
            PromptListCommand.self, PromptShowCommand.self, PromptLogCommand.self,
            PromptDiffCommand.self, PromptRenderCommand.self, PromptTagCommand.self, PromptExportCommand.self,
        ])
}
