import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp prompt export P[@V] --format F` and `prompt export --tag production --format json`.
struct PromptExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a prompt version as a prompt.yml, Prompty, Dotprompt or JSON file, or every production prompt as one JSON bundle.",
        discussion: """
            What the format cannot say (tools in a prompt.yml, a judge evaluator, params it has no name \
            for) is listed on stderr. --tag TAG writes every prompt at its version tagged TAG in one JSON \
            file an application loads at startup: the messages as Mustache text, params, tools, response \
            format, version and commit (see the README for ten-line loaders in Python and TypeScript).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case promptYML = "prompt.yml"
        case prompty, dotprompt, json

        var importFormat: ImportFormat { ImportFormat(rawValue: rawValue) ?? .json }
    }

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: ArgumentHelp(
            "The prompt id, optionally with @version (default: the working file).", valueName: "prompt[@version]"),
        completion: Completions.prompts)
    var reference: String?
    @Option(help: "The format to write.") var format: Format = .json
    @Option(help: ArgumentHelp("Every prompt at its version with this tag, as one JSON bundle.", valueName: "tag"))
    var tag: String?
    @Option(
        name: [.customShort("o"), .customLong("out")],
        help: ArgumentHelp("The file to write (default: stdout).", valueName: "file"))
    var out: String?

    func validate() throws {
        if (reference == nil) == (tag == nil) {
            throw ValidationError("name a prompt, or --tag TAG for every prompt so tagged")
        }
        if tag != nil, format != .json { throw ValidationError("--tag writes a JSON bundle: use --format json") }
    }

    func run() throws {
        let project = try global.openProject()
        let console = global.console
        let text: String
        if let tag {
            let exports = try project.taggedExports(tag)
            text = PromptJSONFormat.bundle(exports).prettyJSON + "\n"
            console.write(
                "exported \(exports.map { "\($0.draft.id)@\($0.version ?? "working")" }.joined(separator: ", "))\n")
        } else if let reference {
            let (name, selector) = VersionSelector.split(reference)
            let export = try project.promptExport(try project.requirePrompt(name), at: selector)
            let (body, lost) = try project.exportText(export, format: format.importFormat)
            for item in lost { console.write("not exported (\(format.rawValue) cannot say it): \(item)\n") }
            text = body
        } else {
            return
        }
        guard let out else {
            console.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        let url = URL(fileURLWithPath: out, relativeTo: global.workingDirectory).standardizedFileURL
        try AtomicFile.write(Data(text.utf8), to: url.path)
        console.write("wrote \(out)\n")
    }
}
