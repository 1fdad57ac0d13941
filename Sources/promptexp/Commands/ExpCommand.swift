import ArgumentParser

/// `promptexp exp …`: experiments as branches.
struct ExpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exp",
        abstract: "Experiments: a branch exp/NAME where a prompt starts as its base version and becomes the candidate.",
        subcommands: [
            ExpNewCommand.self, ExpRunCommand.self, ExpShowCommand.self, ExpDiffCommand.self, ExpListCommand.self,
            ExpPromoteCommand.self, ExpStatusCommand.self, ExpCancelCommand.self, ExpCompareCommand.self,
        ])
}
