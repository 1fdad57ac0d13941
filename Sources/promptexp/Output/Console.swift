import Foundation
import PromptExpKit

/// Where a command writes: stdout for results, stderr for diagnostics, with optional ANSI colour.
struct Console {
    let colors: Bool

    static let standardError = Console(colors: false)

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        case redBackground = "41;97"
        case greenBackground = "42;30"
    }

    /// `text` wrapped in the style's escape codes when colour is on.
    func styled(_ text: String, _ styles: Style...) -> String {
        guard colors, !styles.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    func print(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    enum Stream { case standardOutput, standardError }

    /// Writes text as is (no line break added); diagnostics go to stderr by default.
    func write(_ text: String, to stream: Stream = .standardError) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }

    /// A diagnostic line on stderr.
    func warn(_ text: String) {
        write("warning: \(text)\n")
    }

    /// Prints a value as indented JSON on stdout.
    func printJSON(_ value: JSONValue) {
        print(value.prettyJSON)
    }
}
