import ArgumentParser
import Foundation
import PromptExpKit
import PromptExpTestSupport

@testable import promptexp

/// Runs promptexp commands in-process and captures what they print.
struct CommandOutput {
    var standardOutput: String
    var standardError: String
    /// The error the command threw, if any, as the command line would print it.
    var error: String?
    /// The exit code the binary would use.
    var exitCode: Int32
}

enum CommandHarness {
    static func run(_ arguments: [String]) async -> CommandOutput {
        let capture = OutputCapture()
        var thrown: (any Error)?
        await Console.$capture.withValue(capture) {
            do {
                var command = try PromptExpCommand.parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch {
                thrown = error
            }
        }
        var message: String?
        var code: Int32 = 0
        if let thrown {
            // As the binary prints it: argument-parser's message, `error:`-prefixed for ours.
            let error = Entry.presentable(thrown)
            code = PromptExpCommand.exitCode(for: error).rawValue
            let text = PromptExpCommand.message(for: error)
            message = code == 1 && !text.isEmpty ? PromptExpCommand._errorPrefix + text : text
        }
        return CommandOutput(
            standardOutput: capture.standardOutput, standardError: capture.standardError, error: message, exitCode: code
        )
    }
}
