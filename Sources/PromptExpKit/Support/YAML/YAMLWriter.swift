/// Writes YAML in block style with keys in the order given: what `prompt export` and
/// `import` put in files people read and edit. Strings that YAML would read as something
/// else (`yes`, `1.0`, `null`, a leading `*`, a `: ` inside) are double-quoted; multi-line
/// strings become `|` blocks so a template stays readable.
public enum YAMLWriter {
    /// A YAML value whose mappings keep their key order.
    public indirect enum Node: Sendable, Equatable {
        case value(JSONValue)
        case mapping([(String, Node)])
        case sequence([Node])

        public static func == (lhs: Node, rhs: Node) -> Bool {
            switch (lhs, rhs) {
            case (.value(let a), .value(let b)): a == b
            case (.sequence(let a), .sequence(let b)): a == b
            case (.mapping(let a), .mapping(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
            default: false
            }
        }

        /// A JSON value as a node, objects with their keys sorted.
        public static func json(_ value: JSONValue) -> Node {
            switch value {
            case .object(let object): .mapping(object.sorted { $0.key < $1.key }.map { ($0.key, .json($0.value)) })
            case .array(let items): .sequence(items.map(Node.json))
            default: .value(value)
            }
        }
    }

    /// The document for a top-level mapping, ending in a line break.
    public static func document(_ entries: [(String, Node)]) -> String {
        var out = ""
        appendMapping(entries, indent: "", to: &out)
        return out
    }

    private static func appendMapping(_ entries: [(String, Node)], indent: String, to out: inout String) {
        for (key, node) in entries {
            out += indent + scalar(.string(key)) + ":"
            appendValue(node, indent: indent, to: &out)
        }
    }

    /// Writes what follows `key:` or `- `: inline for scalars and empty collections, else on the next lines.
    private static func appendValue(_ node: Node, indent: String, to out: inout String) {
        switch node {
        case .value(.string(let text)) where text.contains("\n") && !hasOtherControls(text):
            out += block(text, indent: indent + "  ")
        case .value(let value):
            out += " " + scalar(value) + "\n"
        case .mapping(let entries) where entries.isEmpty:
            out += " {}\n"
        case .sequence(let items) where items.isEmpty:
            out += " []\n"
        case .mapping(let entries):
            out += "\n"
            appendMapping(entries, indent: indent + "  ", to: &out)
        case .sequence(let items):
            out += "\n"
            appendSequence(items, indent: indent + "  ", to: &out)
        }
    }

    private static func appendSequence(_ items: [Node], indent: String, to out: inout String) {
        for item in items {
            switch item {
            case .mapping(let entries) where !entries.isEmpty:
                // `- key: value` with the following keys aligned under the first.
                var inner = ""
                appendMapping(entries, indent: indent + "  ", to: &inner)
                out += indent + "- " + inner.dropFirst(indent.count + 2)
            case .sequence(let nested) where !nested.isEmpty:
                out += indent + "-\n"
                appendSequence(nested, indent: indent + "  ", to: &out)
            default:
                out += indent + "-"
                appendValue(item, indent: indent, to: &out)
            }
        }
    }

    /// A `|` literal block; `|-` when the text has no final line break, and an explicit
    /// indentation indicator when its first line starts with a space.
    private static func block(_ text: String, indent: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let chomping: String
        if lines.last == "" {
            lines.removeLast()
            // More than one final break needs `|+` to keep them all.
            chomping = lines.last == "" ? "+" : ""
        } else {
            chomping = "-"
        }
        let indicator = lines.first?.first == " " ? "2" : ""
        return " |\(indicator)\(chomping)\n"
            + lines.map { $0.isEmpty ? "\n" : indent + $0 + "\n" }.joined()
    }

    /// Control characters other than line breaks and tabs cannot be written in a block.
    private static func hasOtherControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }
    }

    /// One scalar, quoted when plain style would change or lose its meaning.
    public static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int, .double, .number: value.canonicalJSON
        case .string(let text): isPlainSafe(text) ? text : JSONValue.string(text).canonicalJSON
        case .array, .object: value.canonicalJSON
        }
    }

    private static let reserved: Set<String> = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "<<",
    ]

    /// Whether `text` reads back as the same string when written without quotes.
    static func isPlainSafe(_ text: String) -> Bool {
        if reserved.contains(text.lowercased()) { return false }
        if Double(text) != nil || Int(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o") { return false }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(first) || " \t".unicodeScalars.contains(last) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-x`, `?x` and `:x` are plain when not followed by a space; the rest never start one.
            guard "-?:".unicodeScalars.contains(first), text.count > 1, !text.dropFirst().hasPrefix(" ") else {
                return false
            }
        }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        // Control characters, line breaks and non-printing characters are written escaped.
        return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0xFEFF }
    }
}
