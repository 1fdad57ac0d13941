import ArgumentParser
import PromptExpKit

/// `promptexp dataset stats D`: rows, input keys and how often each is present.
struct DatasetStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Count a dataset's rows, input keys, and rows with expected or output.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The dataset: a path, or a name under datasets/.", completion: Completions.datasets)
    var dataset: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let project = try global.openProject()
        let file = try project.dataset(dataset)
        let stats = try DatasetStats(file: file)
        let console = global.console
        if json {
            console.printJSON(stats.json)
            return
        }
        console.print("\(console.styled(file.displayPath, .bold)): \(counted(stats.rows, "row"))")
        var table = TextTable()
        for key in stats.inputKeys.keys.sorted() {
            let count = stats.inputKeys[key] ?? 0
            table.add(["  \(key)", "\(count)/\(stats.rows)", Self.percent(count, of: stats.rows)])
        }
        if !table.rows.isEmpty {
            console.print("input keys:")
            console.print(table.render())
        }
        console.print(
            "rows with expected: \(stats.rowsWithExpected)  with output: \(stats.rowsWithOutput)  with metadata: \(stats.rowsWithMetadata)"
        )
    }

    static func percent(_ count: Int, of total: Int) -> String {
        total == 0 ? "" : "\(Int((Double(count) * 100 / Double(total)).rounded()))%"
    }
}
