import ArgumentParser
import PromptExpKit

/// `promptexp prompt diff P A [B]`: what changed in a prompt between two versions.
struct PromptDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Diff two versions of a prompt (B defaults to the working file).",
        discussion: "On a terminal, changed words are highlighted; piped, it prints a plain unified diff.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The prompt id.", completion: Completions.prompts) var prompt: String
    @Argument(help: "The old version: vN, a tag, a git revision or working.") var old: String
    @Argument(help: "The new version (default: working).") var new: String = "working"
    @Option(help: "Lines of context around each change.") var context = 3
    @Flag(help: "Print JSON with the hunks.") var json = false

    func validate() throws {
        guard context >= 0 else { throw ValidationError("--context must be 0 or more") }
    }

    func run() throws {
        let project = try global.openProject()
        let id = try project.requirePrompt(prompt)
        let before = try project.resolve(id, at: VersionSelector(parsing: old))
        let after = try project.resolve(id, at: VersionSelector(parsing: new))
        let diff = try TextDiff(old: before.file.text, new: after.file.text, contextLines: context)
        let console = global.console
        let path = Project.promptPath(for: id)
        if json {
            let stats = diff.stats
            console.printJSON([
                "prompt": .string(id),
                "old": [
                    "selector": .string(old), "version": .string(before.versionLabel), "blob": .string(before.blob.hex),
                ],
                "new": [
                    "selector": .string(new), "version": .string(after.versionLabel), "blob": .string(after.blob.hex),
                ],
                "added": .int(stats.added),
                "removed": .int(stats.removed),
                "hunks": diff.json,
            ])
            return
        }
        if diff.isEmpty {
            Console.standardError.write("no changes between \(before.versionLabel) and \(after.versionLabel)\n")
            return
        }
        let text = DiffPrinter(console: console).render(
            diff, oldLabel: "a/\(path) \(before.versionLabel)", newLabel: "b/\(path) \(after.versionLabel)")
        console.write(text, to: .standardOutput)
    }
}
