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
