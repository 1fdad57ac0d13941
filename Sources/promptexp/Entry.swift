import ArgumentParser
import Foundation
import PromptExpKit

/// Runs the command line; errors from the core print as one `error:` line with exit code 1,
/// usage errors go through swift-argument-parser (exit code 64).
@main
enum Entry {
    static func main() async {
        do {
            var command = try PromptExpCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let line = errorLine(for: error) else { PromptExpCommand.exit(withError: error) }
            Console.standardError.write(line + "\n")
            Foundation.exit(1)
        }
    }

    /// The one `error:` line (exit code 1) for an error of ours or of the system (a file
    /// that could not be written: never Foundation's raw text); nil for argument-parser's
    /// own errors, help and exit codes, which it prints itself.
    static func errorLine(for error: any Error) -> String? {
        if let error = error as? any PromptExpError { return "error: \(error.description)" }
        if SystemErrorText.isSystemError(error) { return "error: \(SystemErrorText.describe(error))" }
        return nil
    }
}
