import ArgumentParser
import Foundation
import PromptExpKit

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in this folder.", valueName: "path"))
    var directory: String?

    @Option(help: "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    /// The folder the command works in.
    var workingDirectory: URL {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let directory else { return current }
        return URL(fileURLWithPath: directory, isDirectory: true, relativeTo: current).standardizedFileURL
    }

    /// Opens the project around the working folder.
    func openProject() throws -> Project {
        let project = try Project.open(at: workingDirectory)
        // For the tests that kill the process at each step of a commit: it dies at the
        // named step as it would under `kill -9`, with no chance to clean up.
        if let step = ProcessInfo.processInfo.environment["PROMPTEXP_TEST_KILL_AT"], !step.isEmpty {
            project.onCheckpoint { reached in
                if reached == step { kill(getpid(), SIGKILL) }
            }
        }
        return project
    }

    /// The console for this command's output, coloured as the options and environment say.
    var console: Console {
        Console(colors: color.enabled(environment: ProcessInfo.processInfo.environment))
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(STDOUT_FILENO) == 1
        }
    }
}
