import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp init`: scaffold prompts/, datasets/, .promptexp/ and .gitignore lines.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create prompts/, datasets/ and .promptexp/config.yaml here; never overwrites a file.",
        discussion: "Outside a git repository, also creates one. Running it again adds only what is missing.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let console = global.console
        let folder = global.workingDirectory
        let repository: Repository
        do {
            repository = try Repository.discover(from: folder)
        } catch GitError.notARepository {
            repository = try Repository.create(at: folder)
            console.print("created a git repository in \(folder.path)")
        }
        let created = try ProjectScaffold.create(at: repository.workingDirectory)
        if created.isEmpty {
            console.print("nothing to do: \(repository.workingDirectory.path) already has everything init creates")
        } else {
            for path in created { console.print("created \(path)") }
            console.print("next: edit prompts/, add datasets/*.jsonl, then commit them")
        }
    }
}
