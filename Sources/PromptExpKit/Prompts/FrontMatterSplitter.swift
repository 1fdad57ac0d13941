/// Splits a prompt file into its YAML front matter and its body, keeping line numbers.
struct FrontMatterSplitter {
    /// The text between the `---` lines, or nil when the file has no front matter.
    var frontMatter: String?
    /// 1-based file line where the front matter's first line is.
    var frontMatterFirstLine: Int
    /// The template after the closing `---`.
    var body: String
    /// 1-based file line where the body's first line is.
    var bodyFirstLine: Int

    init(text: String, path: String) throws(PromptError) {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let firstEnd = text.firstIndex(of: "\n") ?? text.endIndex
        guard Self.isFence(text[..<firstEnd]) else {
            frontMatter = nil
            frontMatterFirstLine = 1
            body = String(text)
            bodyFirstLine = 1
            return
        }
        // Scan only as far as the closing fence: the body can be long.
        let start = firstEnd < text.endIndex ? text.index(after: firstEnd) : text.endIndex
        var lineStart = start
        var lineNumber = 2
        while firstEnd < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            if Self.isFence(line) || Self.isEnd(line) {
                // The front matter's text ends before the line break that precedes the fence.
                frontMatter = lineStart > start ? String(text[start..<text.index(before: lineStart)]) : ""
                frontMatterFirstLine = 2
                body = lineEnd < text.endIndex ? String(text[text.index(after: lineEnd)...]) : ""
                bodyFirstLine = lineNumber + 1
                return
            }
            if lineEnd == text.endIndex { break }
            lineStart = text.index(after: lineEnd)
            lineNumber += 1
        }
        throw .malformed(
            SourceLocation(path: path, line: 1), "front matter opened with '---' is never closed by a '---' line")
    }

    private static func isFence(_ line: Substring) -> Bool {
        line.trimmingTrailingWhitespace() == "---"
    }

    private static func isEnd(_ line: Substring) -> Bool {
        line.trimmingTrailingWhitespace() == "..."
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last.isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
