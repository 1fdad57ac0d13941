import ArgumentParser
import Foundation
import PromptExpKit

/// Runs the command line through swift-argument-parser, which prints every error as one
/// `error:` line (`PromptExpCommand._errorPrefix`) with exit code 1, and usage errors with
/// the usage and exit code 64. A system error (a file that could not be written) is first
/// put in our own words: never Foundation's raw text. A closed stdout (`promptexp … | head`)
/// ends the process quietly, as git does, instead of a trap on the failed write.
@main
enum Entry {
    static func main() async {
        // Writes to a closed pipe fail with EPIPE instead of killing the process; Console
        // then exits quietly.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try PromptExpCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A run stopped by a signal says why it stopped, then exits as the signal would
            // have ended it, so CI and `timeout` see what happened.
            if let number = InterruptHandler.receivedSignal {
                Console.writeAll(
                    Data((PromptExpCommand.fullMessage(for: presentable(error)) + "\n").utf8), to: STDERR_FILENO)
                exit(128 + number)
            }
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
