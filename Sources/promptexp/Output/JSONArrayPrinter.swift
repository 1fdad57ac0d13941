import PromptExpKit

/// Prints a JSON array an element at a time, exactly as `printJSON` prints a whole array,
/// so a listing of any length streams instead of being built in memory first.
struct JSONArrayPrinter {
    let console: Console
    private var count = 0

    init(console: Console) {
        self.console = console
    }

    mutating func append(_ value: JSONValue) {
        console.write(count == 0 ? "[\n  " : ",\n  ", to: .standardOutput)
        // Raw line breaks in pretty JSON are structural (strings escape theirs).
        console.write(value.prettyJSON.replacingOccurrences(of: "\n", with: "\n  "), to: .standardOutput)
        count += 1
    }

    func finish() {
        console.write(count == 0 ? "[]\n" : "\n]\n", to: .standardOutput)
    }
}
