import ArgumentParser
import PromptExpKit

/// `promptexp dataset show D`: the rows, one per line.
struct DatasetShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a dataset's rows (id, inputs, expected).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset: a path, or a name under datasets/.", completion: Completions.datasets)
    var dataset: String
    @Option(help: "Print at most this many rows.") var limit: Int?
    @Flag(help: "Print each row as a JSON line (normalised: id, inputs, expected, output, metadata).") var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        let project = try global.openProject()
        let file = try project.dataset(dataset)
        let console = global.console
        var iterator = try file.rows()
        var shown = 0
        var table = TextTable()
        while let row = try iterator.next() {
            if let limit, shown >= limit { break }
            shown += 1
            if json {
                console.print(row.jsonLine)
                continue
            }
            let inputs = row.inputs.keys.sorted().map { "\($0)=\(Self.abridged(row.inputs[$0]?.displayText ?? ""))" }
            var cells = [console.styled(row.id, .bold), inputs.joined(separator: "  ")]
            if let expected = row.expected {
                cells.append(console.styled("expected: ", .dim) + Self.abridged(expected.displayText))
            }
            table.add(cells)
        }
        if !json { console.print(table.render()) }
    }

    /// One line of at most 60 characters.
    static func abridged(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ")
        return flat.count > 60 ? String(flat.prefix(59)) + "…" : flat
    }
}
