import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp prompt render P[@V]`: the chat messages a prompt makes from some inputs.
struct PromptRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a prompt's messages from --var values or a dataset row.")

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: ArgumentHelp("The prompt id, optionally with @version.", valueName: "prompt[@version]"),
        completion: Completions.prompts)
    var reference: String
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "An input as name=value; name=@file reads the value from a file. Repeatable.", valueName: "name=value"))
    var variables: [String] = []
    @Option(
        help: ArgumentHelp("A dataset row as DATASET:ID; --var values override its inputs.", valueName: "dataset:id"))
    var row: String?
    @Flag(help: "Print the messages as JSON.") var json = false

    func validate() throws {
        for variable in variables where !variable.contains("=") {
            throw ValidationError("--var takes name=value, got '\(variable)'")
        }
        if let row, row.lastIndex(of: ":") == nil {
            throw ValidationError("--row takes DATASET:ID, such as support/tickets:refund-1")
        }
    }

    func run() throws {
        let project = try global.openProject()
        let (name, selector) = VersionSelector.split(reference)
        let id = try project.requirePrompt(name)
        let prompt = try project.resolve(id, at: selector)
        let console = global.console
        for warning in prompt.file.warnings { console.warn(warning) }

        var inputs: [String: JSONValue] = [:]
        var rowLabel = "--var values"
        if let row, let colon = row.lastIndex(of: ":") {
            let dataset = try project.dataset(String(row[..<colon]))
            let found = try dataset.row(id: String(row[row.index(after: colon)...]))
            inputs = found.inputs
            rowLabel = "\(dataset.displayPath):\(found.line) (row \(found.id))"
        }
        let declared = Dictionary(
            prompt.file.frontMatter.inputs.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        for variable in variables {
            let (key, value) = try Self.parse(variable, type: declared[String(variable.prefix { $0 != "=" })])
            inputs[key] = value
        }
        let messages = try prompt.file.render(inputs, promptID: id, rowLabel: rowLabel, imageRoot: project.root)
        if json {
            console.printJSON(.array(messages.map(\.json)))
            return
        }
        let blocks = messages.map { message in
            let answering = message.toolCallID.map { " (answers \($0))" } ?? ""
            let lines =
                [message.content].filter { !$0.isEmpty } + message.toolCalls.map(\.line)
                + message.images.map {
                    "[image \($0.mediaType), \($0.data.count) bytes, sha256 \($0.sha256.prefix(12))]"
                }
            return console.styled("\(message.role.rawValue):\(answering)", .bold, .cyan) + "\n"
                + lines.joined(separator: "\n")
        }
        console.print(blocks.joined(separator: "\n\n"))
    }

    /// `name=value`: a string, unless the input is declared with another type and the
    /// value parses as JSON; `name=@path` reads the file.
    static func parse(_ variable: String, type: InputSpec.ValueType?) throws -> (String, JSONValue) {
        let parts = variable.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let key = String(parts[0])
        var text = parts.count > 1 ? String(parts[1]) : ""
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let data = FileManager.default.contents(atPath: path),
                let contents = String(data: data, encoding: .utf8)
            else {
                throw ValidationError("--var \(key)=@\(path): cannot read \(path)")
            }
            text = contents
        }
        if let type, type != .string, let parsed = try? JSONValue.parse(Data(text.utf8)) {
            return (key, parsed)
        }
        return (key, .string(text))
    }
}
