import Foundation
import PromptExpKit
import Synchronization

/// Where a command writes: stdout for results, stderr for diagnostics, with optional ANSI colour.
struct Console {
    let colors: Bool

    static let standardError = Console(colors: false)

    /// When set, output goes here instead of the process's stdout and stderr, so tests
    /// can run commands in-process and read exactly what a person would see.
    @TaskLocal static var capture: OutputCapture?

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

    enum Stream { case standardOutput, standardError }

    /// Descriptors whose reader went away: nothing more is written to them.
    private static let closedDescriptors = Mutex<Set<Int32>>([])

    /// `text` wrapped in the style's escape codes when colour is on.
    func styled(_ text: String, _ styles: Style...) -> String {
        guard colors, !styles.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    /// A line on stdout.
    func print(_ text: String = "") {
        write(text + "\n", to: .standardOutput)
    }

    /// Writes text as is (no line break added); diagnostics go to stderr by default.
    func write(_ text: String, to stream: Stream = .standardError) {
        if let capture = Self.capture {
            capture.append(text, to: stream)
            return
        }
        Self.writeAll(Data(text.utf8), to: stream == .standardOutput ? STDOUT_FILENO : STDERR_FILENO)
    }

    /// Writes every byte to `descriptor`. When the reader went away (`promptexp … | head -1`)
    /// the write fails with EPIPE (SIGPIPE is ignored: see `Entry`): what is left to print
    /// is dropped quietly and the command goes on to its end, so a run still commits what it
    /// paid for, instead of a trap on the failed write, or dying half-way through a commit.
    static func writeAll(_ data: Data, to descriptor: Int32) {
        if closedDescriptors.withLock({ $0.contains(descriptor) }) { return }
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno == EINTR || errno == EAGAIN {
                    continue
                } else if errno == EPIPE {
                    closedDescriptors.withLock { _ = $0.insert(descriptor) }
                    return
                } else {
                    return
                }
            }
        }
    }

    /// Whether a person is there to answer a question: stdin and stderr are terminals (and
    /// output is not being captured by a test).
    static var canAsk: Bool {
        capture == nil && isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1
    }

    /// Asks a yes/no question on stderr; an empty answer is yes, end of input is no.
    func confirm(_ question: String) -> Bool {
        write("\(question) [Y/n] ")
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else {
            write("\n")
            return false
        }
        return answer.isEmpty || answer == "y" || answer == "yes"
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

/// Collected output of commands run in-process.
final class OutputCapture: @unchecked Sendable {
    // @unchecked: every access to the two strings holds `lock`.
    private let lock = NSLock()
    private var out = ""
    private var err = ""

    init() {}

    var standardOutput: String { lock.withLock { out } }
    var standardError: String { lock.withLock { err } }

    func append(_ text: String, to stream: Console.Stream) {
        lock.withLock {
            if stream == .standardOutput { out += text } else { err += text }
        }
    }
}
