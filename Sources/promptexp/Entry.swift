import ArgumentParser
import Foundation
import PromptExpKit

/// Runs the command line through swift-argument-parser, which prints every error as one
/// `error:` line (`PromptExpCommand._errorPrefix`) with exit code 1, and usage errors with
/// the usage and exit code 64. A system error (a file that could not be written) is first
/// put in our own words: never Foundation's raw text.
@main
enum Entry {
    static func main() async {
        do {
            var command = try PromptExpCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            PromptExpCommand.exit(withError: presentable(error))
        }
    }

    /// The error as argument-parser should print it.
    static func presentable(_ error: any Error) -> any Error {
        SystemErrorText.isSystemError(error) ? SystemFailure(description: SystemErrorText.describe(error)) : error
    }
}

/// A system error in one line of our own.
struct SystemFailure: PromptExpError {
    let description: String
}
