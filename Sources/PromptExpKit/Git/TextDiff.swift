/// A line diff of two texts, in hunks, as `git diff` shows it.
public struct TextDiff: Hashable, Sendable, Codable {
    public var hunks: [Hunk]

    public var isEmpty: Bool { hunks.isEmpty }

    /// Lines added and removed over all hunks.
    public var stats: (added: Int, removed: Int) {
        var added = 0
        var removed = 0
        for line in hunks.lazy.flatMap(\.lines) {
            switch line.kind {
            case .added: added += 1
            case .removed: removed += 1
            case .context: break
            }
        }
        return (added, removed)
    }

    public struct Hunk: Hashable, Sendable, Codable {
        public var oldStart: Int
        public var oldCount: Int
        public var newStart: Int
        public var newCount: Int
        public var lines: [Line]
        /// The line git shows after the header for orientation (the nearest line above
        /// the hunk that starts at column 0), or empty.
        public var section: String = ""

        /// The `@@ -a,b +c,d @@ section` header line.
        public var header: String {
            let range = "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@"
            return section.isEmpty ? range : range + " " + section
        }

        private static func range(_ start: Int, _ count: Int) -> String {
            count == 1 ? "\(start)" : "\(start),\(count)"
        }
    }

    public struct Line: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable {
            case context, added, removed
        }

        public var kind: Kind
        /// The line's text without its line break.
        public var text: String
        /// Line number in the old text (nil for added lines).
        public var oldNumber: Int?
        /// Line number in the new text (nil for removed lines).
        public var newNumber: Int?
        /// True when this is the last line of its side and has no line break after it.
        public var missingNewline: Bool = false
    }

    /// The unified diff text, with `--- a/…` / `+++ b/…` headers, as git prints it.
    public func unified(oldLabel: String, newLabel: String) -> String {
        guard !hunks.isEmpty else { return "" }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        for hunk in hunks {
            out += hunk.header + "\n"
            for line in hunk.lines {
                let marker: Character =
                    switch line.kind {
                    case .context: " "
                    case .added: "+"
                    case .removed: "-"
                    }
                out.append(marker)
                out += line.text + "\n"
                if line.missingNewline { out += "\\ No newline at end of file\n" }
            }
        }
        return out
    }
}
