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
        } catch let error as PromptExpError {
            Console.standardError.write("error: \(error.description)\n")
            Foundation.exit(1)
        } catch {
            PromptExpCommand.exit(withError: error)
        }
    }
}
