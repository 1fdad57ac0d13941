import ArgumentParser
import PromptExpKit

/// `promptexp prompt show P[@V]`: the prompt file's text at a version.
struct PromptShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a prompt file at a version (default: the working file).")

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: ArgumentHelp("The prompt id, optionally with @version.", valueName: "prompt[@version]"),
        completion: Completions.prompts)
    var reference: String
    @Flag(help: "Print JSON: the version, tags, declared inputs and messages.") var json = false

    func run() throws {
        let project = try global.openProject()
        let (name, selector) = VersionSelector.split(reference)
        let prompt = try project.resolve(try project.requirePrompt(name), at: selector)
        let console = global.console
        if json {
            console.printJSON(prompt.json)
        } else {
            let text = prompt.file.text
            console.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }
}
