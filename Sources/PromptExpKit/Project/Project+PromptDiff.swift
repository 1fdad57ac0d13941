import Foundation

extension Project {
    /// The change from an experiment's base to its candidate as a person made it: the
    /// `production` tag, which `exp new` takes off the candidate and `exp promote` puts back,
    /// is the tool's own move, not a content change, so it is left out of both texts.
    public static func experimentPromptDiff(base: String, candidate: String, contextLines: Int = 3) throws -> TextDiff {
        try TextDiff(
            old: withoutProductionTag(base), new: withoutProductionTag(candidate), contextLines: contextLines)
    }

    /// A prompt's text with `production` taken out of its `tags:` (the key keeps its place;
    /// an empty list removes the key, as `exp new` does). A text whose front matter cannot be read is returned
    /// as it is.
    static func withoutProductionTag(_ text: String) -> String {
        guard let file = try? PromptFile(text: text, path: "prompt"),
            file.frontMatter.tags.contains(productionTag)
        else { return text }
        var editor = FrontMatterEditor(text: text)
        guard
            (try? editor.setTags(file.frontMatter.tags.filter { $0 != productionTag }, path: "prompt")) != nil
        else { return text }
        return editor.text
    }
}

extension Project {
    /// The files a prompt names (tools, a response schema) that differ between two of its
    /// versions, each with its diff, in order of path: part of what an experiment changed.
    public func referencedFileDiffs(base: RunVariant, candidate: RunVariant) throws -> [(
        path: String, diff: TextDiff
    )] {
        try referencedFileDiffs(base: base.files, candidate: candidate.files).sorted { $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
    }

    /// As above, from each side's files by path and blob id.
    func referencedFileDiffs(base: [String: ObjectID], candidate: [String: ObjectID]) throws -> [String: TextDiff] {
        var diffs: [String: TextDiff] = [:]
        for path in Set(base.keys).union(candidate.keys) where base[path] != candidate[path] {
            func text(_ blob: ObjectID?) throws -> String {
                guard let blob else { return "" }
                return String(decoding: try Data(contentsOf: file(path, blob: blob)), as: UTF8.self)
            }
            diffs[path] = try TextDiff(old: try text(base[path]), new: try text(candidate[path]), contextLines: 3)
        }
        return diffs
    }
}
