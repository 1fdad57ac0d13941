import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `TextDiff` against the real `git diff --no-index` on generated text pairs: unicode,
/// empty texts, no final newline, CRLF, long lines. CI runs this in a release build too,
/// where a buffer freed too early shows up as wrong bytes or a crash (see PITFALLS.md).
@Suite struct TextDiffDifferentialTests {
    @Test func generatedPairsMatchGitDiffNoIndex() throws {
        let folder = try TemporaryDirectory(prefix: "promptexp-textdiff")
        var generator = SeededGenerator(seed: 20_261_130)
        var mismatches: [String] = []
        var compared = 0
        for index in 0..<300 {
            let old = Self.text(using: &generator)
            let new = Self.edit(old, using: &generator)
            try Data(old.utf8).write(to: folder.file("a"))
            try Data(new.utf8).write(to: folder.file("b"))
            let git = try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["git", "-c", "core.quotepath=false", "diff", "--no-index", "--no-color", "--no-ext-diff", "a", "b"],
                in: folder.url, environment: ProcessRunner.isolatedEnvironment(home: folder.url))
            #expect(git.status == 0 || git.status == 1, "git diff failed: \(git.standardError)")
            let ours = try TextDiff(old: old, new: new).unified(oldLabel: "a/a", newLabel: "b/b")
            let theirs = Self.fromHeaders(git.standardOutput)
            compared += 1
            if ours != theirs, mismatches.count < 3 {
                mismatches.append("pair \(index):\n--- ours\n\(ours)\n--- git\n\(theirs)")
            }
        }
        #expect(compared == 300)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// git's output from the `--- a/…` line on (its `diff --git` and `index` lines have no
    /// counterpart in ours).
    private static func fromHeaders(_ output: String) -> String {
        guard let start = output.range(of: "--- a/a\n") ?? output.range(of: "--- /dev/null\n") else { return "" }
        return String(output[start.lowerBound...])
    }

    private static let pieces = [
        "Be helpful.", "Be very helpful.", "naïve café", "日本語のテキスト", "emoji 👩‍💻 here", "   indented",
        "\ttabbed", "{{customer}} wrote:", "system:", "user:", "", "x", "Ünïcödé ✓", "a b c d e f g",
    ]

    /// A text of 0–24 lines, sometimes CRLF, sometimes with a very long line, sometimes
    /// without a final line break.
    private static func text(using generator: inout SeededGenerator) -> String {
        let count = Int(generator.next() % 25)
        let breakMark = generator.next() % 5 == 0 ? "\r\n" : "\n"
        var lines: [String] = []
        for _ in 0..<count {
            if generator.next() % 20 == 0 {
                lines.append(String(repeating: "long línea ", count: 200 + Int(generator.next() % 400)))
            } else {
                lines.append(pieces[Int(generator.next() % UInt64(pieces.count))])
            }
        }
        guard !lines.isEmpty else { return "" }
        let body = lines.joined(separator: breakMark)
        return generator.next() % 4 == 0 ? body : body + breakMark
    }

    /// The text with a few lines changed, inserted or deleted, and maybe its final line
    /// break toggled.
    private static func edit(_ text: String, using generator: inout SeededGenerator) -> String {
        if generator.next() % 10 == 0 { return self.text(using: &generator) }
        let breakMark = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: breakMark)
        let hadFinalBreak = lines.last == ""
        if hadFinalBreak { lines.removeLast() }
        for _ in 0..<(1 + generator.next() % 4) {
            let position = lines.isEmpty ? 0 : Int(generator.next() % UInt64(lines.count))
            switch generator.next() % 3 {
            case 0 where !lines.isEmpty: lines[position] += " (edited ✎)"
            case 1: lines.insert(pieces[Int(generator.next() % UInt64(pieces.count))], at: position)
            default: if !lines.isEmpty { lines.remove(at: position) }
            }
        }
        guard !lines.isEmpty else { return "" }
        let finalBreak = generator.next() % 6 == 0 ? !hadFinalBreak : hadFinalBreak
        return lines.joined(separator: breakMark) + (finalBreak ? breakMark : "")
    }
}
