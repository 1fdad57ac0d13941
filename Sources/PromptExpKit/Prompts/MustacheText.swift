import Foundation
import Mustache

/// A compiled Mustache template: the one place promptexp calls swift-mustache.
public struct MustacheText: Sendable {
    /// How `{{name}}` escapes its value. Prompts are plain text for a model, so they use
    /// `.none`; `.html` is standard Mustache, which the spec tests check.
    public enum Escaping: Sendable {
        case none, html
    }

    let template: MustacheTemplate
    public let source: String

    /// Compiles `source`; a syntax error names `path:line:column`, with `firstLine`
    /// the file line where `source` begins.
    public init(_ source: String, escaping: Escaping = .none, path: String = "<template>", firstLine: Int = 1)
        throws(PromptError)
    {
        self.source = source
        // A standalone pragma line is removed by the parser, as the spec removes every
        // standalone tag line, so it changes no output; it shifts error lines by one.
        let (text, shift) =
            switch escaping {
            case .none: ("{{% CONTENT_TYPE: TEXT}}\n" + source, 1)
            case .html: (source, 0)
            }
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError where error.error is MustacheTemplate.Error {
            let location = SourceLocation(
                path: path,
                line: firstLine + max(0, error.context.lineNumber - 1 - shift),
                column: error.context.columnNumber)
            throw .malformed(location, "template error: \(Self.describe(error.error))")
        } catch {
            // swift-mustache's scanner reports running off the end ("overflow") at the end
            // of the text; the one way to get there is a tag that is never closed.
            if let (line, column, tag) = Self.unclosedTag(in: source) {
                throw .malformed(
                    SourceLocation(path: path, line: firstLine + line - 1, column: column),
                    "template error: the tag '\(tag)' is never closed: add '}}'")
            }
            throw .malformed(SourceLocation(path: path, line: firstLine), "template error: \(error)")
        }
    }

    /// The 1-based line and column of the first `{{` with no `}}` after it, and the start
    /// of that tag's text.
    static func unclosedTag(in source: String) -> (line: Int, column: Int, tag: String)? {
        var searchStart = source.startIndex
        while let open = source.range(of: "{{", range: searchStart..<source.endIndex) {
            guard let close = source.range(of: "}}", range: open.upperBound..<source.endIndex) else {
                let before = source[..<open.lowerBound]
                let line = before.count(where: { $0 == "\n" }) + 1
                let lineStart = before.lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
                let tag = source[open.lowerBound...].prefix(while: { $0 != "\n" }).prefix(30)
                return (line, source.distance(from: lineStart, to: open.lowerBound) + 1, String(tag))
            }
            searchStart = close.upperBound
        }
        return nil
    }

    /// Renders with `context` (dictionaries, arrays, strings, numbers, booleans).
    public func render(_ context: Any, partials: [String: MustacheText] = [:]) -> String {
        guard !partials.isEmpty else { return template.render(context) }
        var templates = partials.mapValues(\.template)
        let main = "\u{0}main"
        templates[main] = template
        return MustacheLibrary(templates: templates).render(context, withTemplate: main) ?? ""
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        return switch error {
        case .sectionCloseNameIncorrect: "a section is closed with a name that does not match its opening tag"
        case .unfinishedName: "a tag is not closed, or its name is malformed"
        case .expectedSectionEnd: "a section is opened but never closed"
        case .invalidSetDelimiter: "malformed set-delimiter tag"
        case .transformAppliedToInheritanceSection: "a transform cannot apply to an inheritance section"
        case .illegalTokenInsideInheritSection: "illegal tag inside an inheritance section"
        case .textInsideInheritSection: "text inside an inheritance section"
        case .invalidConfigVariableSyntax: "malformed {{% … }} pragma"
        case .unrecognisedConfigVariable: "unknown {{% … }} pragma"
        }
    }
}
