import Foundation
import PromptExpKit

/// Prints a JSON array an element at a time, exactly as `printJSON` prints the whole
/// value, so a listing of any length streams instead of being built in memory first. The
/// array can be the last member of an object whose other members come first.
struct JSONArrayPrinter {
    let console: Console
    private let key: String?
    private let leading: [String: JSONValue]
    private var count = 0

    /// A bare array.
    init(console: Console) {
        self.console = console
        key = nil
        leading = [:]
    }

    /// An object: `leading`'s members, then the array as member `key`, which must sort
    /// after them (pretty JSON sorts keys).
    init(console: Console, leading: [String: JSONValue], key: String) {
        precondition(leading.keys.allSatisfy { $0 < key }, "the array's key must sort last")
        self.console = console
        self.key = key
        self.leading = leading
    }

    /// How far elements are indented: one level more inside the object.
    private var indent: String { key == nil ? "  " : "    " }

    private func opening() -> String {
        guard let key else { return "[" }
        var text = "{\n"
        for name in leading.keys.sorted() {
            text += "  " + JSONValue.string(name).canonicalJSON + ": "
            text += (leading[name] ?? .null).prettyJSON.replacingOccurrences(of: "\n", with: "\n  ") + ",\n"
        }
        return text + "  " + JSONValue.string(key).canonicalJSON + ": ["
    }

    mutating func append(_ value: JSONValue) {
        console.write(count == 0 ? opening() + "\n" + indent : ",\n" + indent, to: .standardOutput)
        // Raw line breaks in pretty JSON are structural (strings escape theirs).
        console.write(value.prettyJSON.replacingOccurrences(of: "\n", with: "\n" + indent), to: .standardOutput)
        count += 1
    }

    func finish() {
        let closing = key == nil ? "]" : "  ]\n}"
        console.write(
            count == 0 ? opening() + "]" + (key == nil ? "" : "\n}") + "\n" : "\n" + closing + "\n", to: .standardOutput
        )
    }
}
