import Foundation

/// Rewrites one top-level key of a prompt's front matter in the file's own text, so that
/// comments, key order, other tools' keys and the body stay exactly as they were.
public struct FrontMatterEditor {
    public private(set) var text: String

    public init(text: String) {
        self.text = text
    }

    /// Sets `tags` to `tags` (flow style, `tags: [a, b]`), replacing whatever form the
    /// old value had, in the key's own place; an empty list removes the key unless
    /// `keepEmpty` (then `tags: []`, so a later tag goes back where it was).
    /// A key that is missing goes after the top-level key `after` when the file has it (the
    /// place it had in another version), else at the end of the front matter.
    public mutating func setTags(_ tags: [String], path: String, keepEmpty: Bool = false, after: String? = nil)
        throws(PromptError)
    {
        let value = tags.isEmpty && !keepEmpty ? nil : "[" + tags.map(Self.flowScalar).joined(separator: ", ") + "]"
        try replaceTopLevelKey("tags", with: value, path: path, after: after)
    }

    /// The top-level key just before `key` in `text`'s front matter: where `key` goes back
    /// ("" when `key` comes first; nil when `text` has no such key).
    public static func key(before key: String, in text: String) -> String? {
        var previous: String?
        var inFrontMatter = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" {
                if inFrontMatter { return nil }
                inFrontMatter = true
                continue
            }
            guard inFrontMatter, let first = line.first, first != " ", first != "\t", first != "#", first != "-",
                let colon = line.firstIndex(of: ":")
            else { continue }
            let name = String(line[..<colon])
            if name == key { return previous ?? "" }
            previous = name
        }
        return nil
    }

    /// Sets `tests.models` to `models` (flow style), in the `tests:` block's own lines when
    /// it is a block, keeping its other keys and comments; a `tests:` written another way is
    /// rewritten as a flow mapping of what it held; a missing one is added.
    public mutating func setTestsModels(_ models: [String], tests: TestsSpec?, path: String) throws(PromptError) {
        let value = "[" + models.map(Self.flowScalar).joined(separator: ", ") + "]"
        let split = try FrontMatterSplitter(text: text, path: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if split.frontMatter != nil {
            let closing = split.bodyFirstLine - 2
            if let start = (1..<closing).first(where: { lines[$0].hasPrefix("tests:") }),
                lines[start].dropFirst("tests:".count).allSatisfy({ $0 == " " || $0 == "\t" })
            {
                var end = start + 1
                while end < closing, let first = lines[end].first, first == " " || first == "\t" { end += 1 }
                if end > start + 1 {
                    let indent = String(lines[start + 1].prefix(while: { $0 == " " || $0 == "\t" }))
                    if let existing = (start + 1..<end).first(where: { lines[$0].hasPrefix(indent + "models:") }) {
                        var last = existing + 1
                        while last < end, lines[last].hasPrefix(indent + " ") || lines[last].hasPrefix(indent + "-") {
                            last += 1
                        }
                        let comment = Self.trailingComment(of: lines[existing])
                        lines.replaceSubrange(existing..<last, with: ["\(indent)models: \(value)" + comment])
                    } else {
                        lines.insert("\(indent)models: \(value)", at: end)
                    }
                    text = lines.joined(separator: "\n")
                    return
                }
            }
        }
        var fields: [String] = []
        if let dataset = tests?.dataset { fields.append("dataset: \(Self.flowScalar(dataset))") }
        if let evaluators = tests?.evaluators, !evaluators.isEmpty {
            fields.append("evaluators: [" + evaluators.map(Self.flowScalar).joined(separator: ", ") + "]")
        }
        fields.append("models: \(value)")
        if let sequential = tests?.sequential { fields.append("verdict: {sequential: \(sequential)}") }
        try replaceTopLevelKey("tests", with: "{" + fields.joined(separator: ", ") + "}", path: path)
    }

    /// Replaces the value of top-level `key` with `value` (a one-line YAML value), adds the
    /// key at the end of the front matter when it is missing, or removes it when `value` is nil.
    /// A file without front matter gets one.
    mutating func replaceTopLevelKey(_ key: String, with value: String?, path: String, after: String? = nil)
        throws(PromptError)
    {
        let split = try FrontMatterSplitter(text: text, path: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard split.frontMatter != nil else {
            if let value { text = "---\n\(key): \(value)\n---\n" + text }
            return
        }
        // Front matter occupies lines[1..<closing], where lines[closing] is the closing fence.
        let closing = split.bodyFirstLine - 2
        let keyPrefix = key + ":"
        if let start = (1..<closing).first(where: { lines[$0].hasPrefix(keyPrefix) }) {
            var end = start + 1
            // The old value continues on lines that are indented, list items, or blank
            // lines followed by more of the same.
            while end < closing, Self.continuesValue(lines[end]) { end += 1 }
            while end > start + 1, lines[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
            let comment = Self.trailingComment(of: lines[start])
            let replacement = value.map { ["\(key): \($0)" + comment] } ?? []
            lines.replaceSubrange(start..<end, with: replacement)
        } else if let value {
            var position = closing
            if after == "" {
                position = 1
            } else if let after, let start = (1..<closing).first(where: { lines[$0].hasPrefix(after + ":") }) {
                position = start + 1
                while position < closing, Self.continuesValue(lines[position]),
                    !lines[position].allSatisfy(\.isWhitespace)
                {
                    position += 1
                }
            }
            lines.insert("\(key): \(value)", at: position)
        }
        text = lines.joined(separator: "\n")
    }

    private static func continuesValue(_ line: String) -> Bool {
        guard let first = line.first else { return true }
        return first == " " || first == "\t" || line.hasPrefix("- ") || line == "-"
    }

    /// Keeps `# comment` at the end of a one-line `key: value  # comment`.
    private static func trailingComment(of line: String) -> String {
        var inSingle = false
        var inDouble = false
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            switch character {
            case "'" where !inDouble: inSingle.toggle()
            case "\"" where !inSingle: inDouble.toggle()
            case "#" where !inSingle && !inDouble && (previous == " " || previous == "\t"):
                let index = line.index(line.startIndex, offsetBy: offset)
                var start = index
                while start > line.startIndex, line[line.index(before: start)].isWhitespace {
                    start = line.index(before: start)
                }
                return String(line[start...])
            default: break
            }
            previous = character
        }
        return ""
    }

    /// A tag as a YAML flow scalar: bare when that is unambiguous, else double-quoted.
    private static func flowScalar(_ text: String) -> String {
        let plain = text.range(of: #"^[A-Za-z0-9_][A-Za-z0-9_./-]*$"#, options: .regularExpression) != nil
        let reserved = ["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
        if plain && !reserved && Double(text) == nil { return text }
        var quoted = ""
        JSONValue.appendQuoted(text, to: &quoted)
        return quoted
    }
}
