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
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, Self.isFence(first) else {
            frontMatter = nil
            frontMatterFirstLine = 1
            body = text
            bodyFirstLine = 1
            return
        }
        guard let closing = lines.indices.dropFirst().first(where: { Self.isFence(lines[$0]) || Self.isEnd(lines[$0]) }) else {
            throw .malformed(
                SourceLocation(path: path, line: 1),
                "front matter opened with '---' is never closed by a '---' line")
        }
        frontMatter = lines[1..<closing].joined(separator: "\n")
        frontMatterFirstLine = 2
        body = lines[(closing + 1)...].joined(separator: "\n")
        bodyFirstLine = closing + 2
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
