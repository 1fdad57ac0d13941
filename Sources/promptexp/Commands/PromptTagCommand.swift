import ArgumentParser
import PromptExpKit

/// `promptexp prompt tag P TAG`: put a tag in the prompt's front matter and commit it.
struct PromptTagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add (or --remove) a tag in a prompt's front matter, as a commit on the current branch.",
        discussion: "The rest of the file, comments and key order included, stays as it is.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The prompt id.", completion: Completions.prompts) var prompt: String
    @Argument(help: "The tag, such as production.") var tag: String
    @Flag(help: "Remove the tag instead.") var remove = false

    func run() throws {
        let project = try global.openProject()
        let id = try project.requirePrompt(prompt)
        let console = global.console
        guard let commit = try project.tag(id, tag, remove: remove) else {
            console.print("\(id) \(remove ? "does not carry" : "already carries") tag \(tag); nothing to commit")
            return
        }
        let version = try project.history(of: id).first
        let label = version.map { "\($0.label) " } ?? ""
        console.print(
            "\(remove ? "removed tag \(tag) from" : "tagged") \(id) \(label)(\(commit.short))\(remove ? "" : " \(tag)")"
        )
    }
}
