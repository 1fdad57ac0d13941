import Foundation

/// A Mustache template as a tree of text, interpolations and sections: the shape the
/// template matcher inverts. It follows the spec's standalone-line rule (a section,
/// inverted-section, closing or comment tag alone on its line takes the line with it),
/// so it sees exactly the text swift-mustache renders around the tags.
indirect enum MustacheNode: Equatable {
    case text(String)
    case variable(String)
    case section(String, inverted: Bool, [MustacheNode])
    /// Blank space that rendering may trim away (at either end of a message): matches any.
    case flexibleSpace
}

/// Why a template cannot be turned into a matcher.
struct MustacheScanError: Error, Equatable {
    let message: String
}

enum MustacheScanner {
    private enum Token: Equatable {
        case text(String)
        case variable(String)
        case open(String, inverted: Bool)
        case close(String)
        case comment

        var standaloneCapable: Bool {
            switch self {
            case .open, .close, .comment: true
            default: false
            }
        }
    }

    static func parse(_ source: String) throws(MustacheScanError) -> [MustacheNode] {
        var tokens = try tokenize(source)
        applyStandaloneRule(&tokens)
        var stack: [(name: String, inverted: Bool, nodes: [MustacheNode])] = [("", false, [])]
        for token in tokens {
            switch token {
            case .text(let text): if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)) }
            case .variable(let name): stack[stack.count - 1].nodes.append(.variable(name))
            case .comment: continue
            case .open(let name, let inverted): stack.append((name, inverted, []))
            case .close(let name):
                guard stack.count > 1, let open = stack.last, open.name == name else {
                    throw MustacheScanError(message: "section '\(name)' is closed but not open")
                }
                stack.removeLast()
                stack[stack.count - 1].nodes.append(.section(open.name, inverted: open.inverted, open.nodes))
            }
        }
        guard stack.count == 1 else {
            throw MustacheScanError(message: "section '\(stack[stack.count - 1].name)' is never closed")
        }
        return merged(stack[0].nodes)
    }

    private static func tokenize(_ source: String) throws(MustacheScanError) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            tokens.append(.text(String(rest[..<open.lowerBound])))
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            let closer = triple ? "}}}" : "}}"
            guard let close = rest.range(of: closer) else { throw MustacheScanError(message: "a tag is not closed") }
            var tag = rest[(triple ? rest.index(after: rest.startIndex) : rest.startIndex)..<close.lowerBound]
            rest = rest[close.upperBound...]
            tag = tag.drop(while: \.isWhitespace)
            let sigil = triple ? nil : tag.first.flatMap { "#^/!>&=%<$".contains($0) ? $0 : nil }
            if sigil != nil { tag = tag.dropFirst().drop(while: \.isWhitespace) }
            let name = String(tag).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%": tokens.append(.comment)
            case "#": tokens.append(.open(name, inverted: false))
            case "^": tokens.append(.open(name, inverted: true))
            case "/": tokens.append(.close(name))
            case ">", "<", "$":
                throw MustacheScanError(
                    message: "partials and blocks ({{\(sigil.map(String.init) ?? "")\(name)}}) are not supported")
            case "=": throw MustacheScanError(message: "changed delimiters are not supported")
            default:
                guard name != ".", !name.contains(".") else {
                    throw MustacheScanError(message: "dotted names ({{\(name)}}) are not supported")
                }
                tokens.append(.variable(name))
            }
        }
        tokens.append(.text(String(rest)))
        return tokens
    }

    /// A standalone tag's line goes: the indentation before it and the line end after it.
    /// Decided on the untouched tokens first, so two standalone tags on consecutive lines
    /// both count.
    private static func applyStandaloneRule(_ tokens: inout [Token]) {
        var trimEnd = Set<Int>()
        var trimStart = Set<Int>()
        for index in tokens.indices where tokens[index].standaloneCapable {
            guard index > 0, index + 1 < tokens.count,
                case .text(let before) = tokens[index - 1], case .text(let after) = tokens[index + 1]
            else { continue }
            let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
            let startsLine =
                before[lineStart...].allSatisfy { $0 == " " || $0 == "\t" }
                && (before.contains("\n") || index - 1 == 0)
            let lineEnd = after.firstIndex(of: "\n")
            let endsLine =
                after[..<(lineEnd ?? after.endIndex)].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
                && (lineEnd != nil || index + 1 == tokens.count - 1)
            if startsLine && endsLine {
                trimEnd.insert(index - 1)
                trimStart.insert(index + 1)
            }
        }
        for index in trimEnd.union(trimStart) {
            guard case .text(let text) = tokens[index] else { continue }
            var start = text.startIndex
            var end = text.endIndex
            if trimStart.contains(index) {
                start = text.firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            }
            if trimEnd.contains(index) {
                end = text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            }
            tokens[index] = .text(start < end ? String(text[start..<end]) : "")
        }
    }

    /// Adjacent text nodes joined.
    private static func merged(_ nodes: [MustacheNode]) -> [MustacheNode] {
        var out: [MustacheNode] = []
        for node in nodes {
            switch node {
            case .text(let text):
                if case .text(let previous)? = out.last {
                    out[out.count - 1] = .text(previous + text)
                } else {
                    out.append(node)
                }
            case .section(let name, let inverted, let children):
                out.append(.section(name, inverted: inverted, merged(children)))
            case .variable, .flexibleSpace: out.append(node)
            }
        }
        return out
    }
}
