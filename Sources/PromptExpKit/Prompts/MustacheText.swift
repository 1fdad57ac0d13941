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
        if let (line, column, tag, close) = Self.unclosedTag(in: source) {
            throw .malformed(
                SourceLocation(path: path, line: firstLine + line - 1, column: column),
                "template error: the tag '\(tag)' is never closed: add '\(close)'")
        }
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
        } catch let error as MustacheTemplate.ParserError {
            let location = SourceLocation(
                path: path, line: firstLine + max(0, error.context.lineNumber - 1 - shift),
                column: error.context.columnNumber)
            throw .malformed(location, "template error: a tag is malformed")
        } catch {
            throw .malformed(SourceLocation(path: path, line: firstLine), "template error: the template cannot be read")
        }
    }

    /// The 1-based line and column of the first tag opened and never closed, the start of
    /// its text and the delimiter that would close it, following set-delimiter tags
    /// (`{{=<% %>=}}`) as Mustache does. swift-mustache reports such a tag as an internal
    /// error at the end of the text, or drops a lone `{{` at the end of a line silently.
    static func unclosedTag(in source: String) -> (line: Int, column: Int, tag: String, close: String)? {
        var open = "{{"
        var close = "}}"
        var searchStart = source.startIndex
        while let start = source.range(of: open, range: searchStart..<source.endIndex) {
            guard let end = source.range(of: close, range: start.upperBound..<source.endIndex) else {
                let before = source[..<start.lowerBound]
                let line = before.count(where: { $0 == "\n" }) + 1
                let lineStart = before.lastIndex(of: "\n").map { source.index(after: $0) } ?? source.startIndex
                let tag = source[start.lowerBound...].prefix(while: { $0 != "\n" }).prefix(30)
                return (line, source.distance(from: lineStart, to: start.lowerBound) + 1, String(tag), close)
            }
            let content = source[start.upperBound..<end.lowerBound]
            searchStart = end.upperBound
            // A triple mustache closes with one more brace.
            if open == "{{", content.hasPrefix("{"), source[searchStart...].hasPrefix("}") {
                searchStart = source.index(after: searchStart)
            }
            if content.hasPrefix("="), content.hasSuffix("="), content.count >= 2 {
                let parts = content.dropFirst().dropLast().split(separator: " ", omittingEmptySubsequences: true)
                if parts.count == 2 {
                    open = String(parts[0])
                    close = String(parts[1])
                }
            }
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
