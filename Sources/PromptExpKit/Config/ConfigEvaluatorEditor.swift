import Foundation

/// Adds evaluator entries to the text of `.promptexp/config.yaml` without rewriting the
/// rest: comments, order and spacing stay as the user wrote them. The entries go at the end
/// of the `evaluators:` block, indented like its entries, or in a new block at the end.
public enum ConfigEvaluatorEditor {
    /// Why the text cannot be edited in place.
    public struct Refusal: Error, Sendable {
        public let message: String
    }

    /// `entries` are the YAML of each entry's mapping, one `name` each.
    public static func adding(_ entries: [(name: String, node: YAMLWriter.Node)], to text: String) throws(Refusal)
        -> String
    {
        guard !entries.isEmpty else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let start = lines.firstIndex(where: { isKey("evaluators", $0) }) else {
            let block = ["", "evaluators:"] + render(entries, indent: "  ")
            return (lines + block).joined(separator: "\n") + "\n"
        }
        let rest = lines[start].dropFirst("evaluators:".count).trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || rest.hasPrefix("#") else {
            throw Refusal(
                message:
                    "\(ProjectLayout.config): evaluators: is written inline (\(rest)); write it as a block (one entry per line) and import again"
            )
        }
        // The block ends before the next line that starts at column 0 (a key or a comment).
        var end = start + 1
        var last = start
        var indent = "  "
        while end < lines.count, lines[end].isEmpty || lines[end].first == " " || lines[end].first == "\t" {
            let line = lines[end]
            if !line.allSatisfy(\.isWhitespace) {
                if last == start, !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                    indent = String(line.prefix { $0 == " " })
                }
                last = end
            }
            end += 1
        }
        lines.insert(contentsOf: render(entries, indent: indent), at: last + 1)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each line of the entries behind `indent` (a nested mapping may indent by any steps).
    private static func render(_ entries: [(name: String, node: YAMLWriter.Node)], indent: String) -> [String] {
        let document = YAMLWriter.document(entries.map { ($0.name, $0.node) })
        return document.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            line.isEmpty ? "" : indent + line
        }
    }

    private static func isKey(_ key: String, _ line: String) -> Bool {
        line.hasPrefix(key + ":")
    }
}
