public import Foundation

/// A parsed `.prompt` file: front matter, template, and the exact text it came from.
public struct PromptFile: Sendable {
    /// The file's path as shown in messages (repository-relative, or `path@rev`).
    public let path: String
    public let text: String
    public let frontMatter: PromptFrontMatter
    public let template: ChatTemplate

    /// Parses a prompt file. Every error starts with `path:line:column:`.
    public init(text: String, path: String) throws(PromptError) {
        self.path = path
        self.text = text
        let split = try FrontMatterSplitter(text: text, path: path)
        if let yaml = split.frontMatter {
            do {
                let node = try YAMLNode.parse(yaml, path: path, firstLine: split.frontMatterFirstLine)
                frontMatter = try PromptFrontMatter(node: node)
            } catch {
                throw .malformed(error.location, error.message)
            }
        } else {
            frontMatter = PromptFrontMatter()
        }
        template = try ChatTemplate(body: split.body, path: path, firstLine: split.bodyFirstLine)
    }

    /// The parts as they are, for a prompt whose referenced files were read.
    init(path: String, text: String, frontMatter: PromptFrontMatter, template: ChatTemplate) {
        self.path = path
        self.text = text
        self.frontMatter = frontMatter
        self.template = template
    }

    /// Parses the bytes of a prompt file, which must be UTF-8.
    public init(data: Data, path: String) throws(PromptError) {
        if let invalid = UTF8Check.firstInvalidOffset(in: data) {
            let (line, column) = UTF8Check.lineAndColumn(of: invalid, in: data)
            throw .malformed(SourceLocation(path: path, line: line, column: column), "invalid UTF-8")
        }
        let text = String(decoding: data, as: UTF8.self)
        try self.init(text: text, path: path)
    }

    /// Declared inputs that the template never reads: likely a leftover or a typo.
    public var unusedInputs: [String] {
        guard template.variables.isComplete else { return [] }
        let used = template.variables.all
        return frontMatter.inputs.map(\.name).filter { !used.contains($0) }
    }

    /// Variables the template reads outside sections that the front matter does not declare.
    public var undeclaredVariables: [String] {
        guard frontMatter.declaresInputs else { return [] }
        let declared = Set(frontMatter.inputs.map(\.name))
        return template.variables.required.subtracting(declared).sorted()
    }

    /// Warnings a person should see when using this prompt; never fatal.
    public var warnings: [String] {
        unusedInputs.map { "\(path): input '\($0)' is declared but the template never uses it" }
            + undeclaredVariables.map { "\(path): the template uses '\($0)', which inputs: does not declare" }
    }
}
