public import Foundation

extension PromptFile {
    /// The prompt with the files its front matter names read into it: `read` gives a
    /// file's bytes from the same commit, index or working tree as the prompt (nil when it
    /// has none). Errors name the prompt's line and the file's own line and column.
    public func readingReferences(_ read: (String) throws -> Data?) throws -> PromptFile {
        guard !frontMatter.references.isEmpty, !frontMatter.referencesRead else { return self }
        var matter = frontMatter
        for reference in frontMatter.references {
            guard let data = try read(reference.path) else {
                throw PromptError.malformed(reference.location, "\(reference.path) does not exist")
            }
            guard UTF8Check.firstInvalidOffset(in: data) == nil else {
                throw PromptError.malformed(reference.location, "\(reference.path) is not UTF-8 text")
            }
            do {
                let node = try YAMLNode.parse(String(decoding: data, as: UTF8.self), path: reference.path, firstLine: 1)
                switch reference.target {
                case .tools:
                    matter.tools = try PromptFrontMatter.readTools(node)
                case .responseSchema(let name, let strict):
                    matter.responseFormat = .jsonSchema(
                        name: name, schema: try ResponseFormat.checkedSchema(node), strict: strict)
                }
            } catch {
                throw PromptError.malformed(
                    error.location, "\(error.message) (named at \(reference.location))")
            }
        }
        if let problem = matter.toolChoiceProblem {
            throw PromptError.malformed(matter.toolChoiceLocation ?? frontMatterLocation, problem)
        }
        matter.referencesRead = true
        return PromptFile(path: path, text: text, frontMatter: matter, template: template)
    }

    /// A prompt that cannot run yet: it names files that were not read.
    public var unreadReferences: [PromptFileReference] {
        frontMatter.referencesRead ? [] : frontMatter.references
    }

    private var frontMatterLocation: SourceLocation { SourceLocation(path: path, line: 1, column: 1) }
}
