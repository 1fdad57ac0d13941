/// A front-matter value kept in a file of the repository: `tools: {file: tools/orders.json}`
/// or a response schema's `json_schema: {file: schemas/reply.json}`. The file is part of
/// the prompt's version: it is read from the same commit, index or working tree as the
/// prompt, and the gate, staleness and promotion follow it.
public struct PromptFileReference: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        /// A list of tools, as `tools:` takes them (or OpenAI's `{type: function, function}`).
        case tools
        /// The JSON Schema of `response_format.json_schema`, with the name and strictness
        /// the prompt gives.
        case responseSchema(name: String, strict: Bool)
    }

    public let target: Target
    /// The file's path from the repository's root.
    public let path: String
    /// Where the prompt names it, for errors.
    public let location: SourceLocation
}
