/// Prompt ids: `support/reply` names `prompts/support/reply.prompt`.
public enum PromptID {
    /// Checks that an id is a relative path without `..` and strips a typed
    /// `prompts/` prefix or `.prompt` suffix, so a pasted path works too.
    public static func normalized(_ text: String) throws(PromptError) -> String {
        var id = text
        if id.hasPrefix("\(ProjectLayout.prompts)/") { id.removeFirst(ProjectLayout.prompts.count + 1) }
        if id.hasSuffix(".\(ProjectLayout.promptExtension)") { id.removeLast(ProjectLayout.promptExtension.count + 1) }
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard !id.isEmpty, !id.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw .invalidID(text)
        }
        return id
    }
}
