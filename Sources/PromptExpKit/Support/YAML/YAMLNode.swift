import Foundation
import Yams

/// A parsed YAML value that remembers where in its file each part came from.
///
/// Yams' own `Node` is neither `Sendable` nor typed the way we need, and its plain
/// `load` applies YAML 1.1 coercions (`yes` becomes true). This tree keeps scalars as
/// text plus quoting, so each reader decides the type, and every error can name
/// `path:line:column`.
public struct YAMLNode: Sendable {
    public indirect enum Kind: Sendable {
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    public struct Entry: Sendable {
        public let key: String
        public let keyLocation: SourceLocation
        public let value: YAMLNode
    }

    public let kind: Kind
    public let location: SourceLocation

    /// A problem found while reading a YAML value: where, and what.
    public struct Problem: Error, Sendable {
        public let location: SourceLocation
        public let message: String
    }

    /// Parses a YAML document. `firstLine` is the file line of the text's first line.
    /// An empty document is an empty mapping.
    public static func parse(_ text: String, path: String, firstLine: Int = 1) throws(Problem) -> YAMLNode {
        let start = SourceLocation(path: path, line: firstLine)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.problem(from: error, text: text, path: path, firstLine: firstLine)
        } catch {
            throw Problem(location: start, message: "invalid YAML: \(error)")
        }
        guard let root else { return YAMLNode(kind: .mapping([]), location: start) }
        // Yams resolves aliases by sharing nodes, so the tree we build from it can grow
        // exponentially ("billion laughs": nine aliases of nine aliases … is 8 GB). Without
        // aliases a document has fewer nodes than characters, so a tree past a few times its
        // text's size can only come from aliases expanding.
        var budget = max(10_000, 4 * text.utf8.count)
        return try convert(root, path: path, firstLine: firstLine, budget: &budget)
    }

    private static func convert(_ node: Node, path: String, firstLine: Int, budget: inout Int) throws(Problem)
        -> YAMLNode
    {
        let location = locate(node.mark, path: path, firstLine: firstLine)
        budget -= 1
        guard budget >= 0 else { throw Problem(location: location, message: "too many aliases") }
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style != .plain
            return YAMLNode(kind: .scalar(scalar.string, quoted: quoted), location: location)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item, path: path, firstLine: firstLine, budget: &budget)) }
            return YAMLNode(kind: .sequence(items), location: location)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                let keyLocation = locate(key.mark, path: path, firstLine: firstLine)
                guard case .scalar(let keyScalar) = key else {
                    throw Problem(location: keyLocation, message: "mapping keys must be plain strings")
                }
                entries.append(
                    Entry(
                        key: keyScalar.string, keyLocation: keyLocation,
                        value: try convert(value, path: path, firstLine: firstLine, budget: &budget)))
            }
            return YAMLNode(kind: .mapping(entries), location: location)
        case .alias:
            throw Problem(location: location, message: "YAML aliases are not supported here")
        }
    }

    /// The 1-based line of the second `key:` at or after `line`, if a plain scan finds one.
    private static func secondKeyLine(_ key: String, in text: String, from line: Int) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var seen = 0
        for index in max(0, line - 1)..<lines.count {
            let trimmed = lines[index].drop(while: { $0 == " " || $0 == "-" })
            if trimmed.hasPrefix("\(key):") || trimmed.hasPrefix("\"\(key)\":") {
                seen += 1
                if seen == 2 { return index + 1 }
            }
        }
        return nil
    }

    private static func locate(_ mark: Mark?, path: String, firstLine: Int) -> SourceLocation {
        guard let mark else { return SourceLocation(path: path, line: firstLine) }
        return SourceLocation(path: path, line: firstLine + mark.line - 1, column: mark.column)
    }

    private static func problem(from error: YamlError, text: String, path: String, firstLine: Int) -> Problem {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return Problem(location: locate(mark, path: path, firstLine: firstLine), message: "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the mapping; a person wants the line of the second key.
            var location = locate(context.mark, path: path, firstLine: firstLine)
            if let key = duplicates.first, let line = secondKeyLine(key, in: text, from: context.mark.line) {
                location = SourceLocation(path: path, line: firstLine + line - 1, column: 1)
            }
            return Problem(
                location: location,
                message: "duplicate key '\(duplicates.joined(separator: "', '"))'")
        default:
            return Problem(location: SourceLocation(path: path, line: firstLine), message: "invalid YAML: \(error)")
        }
    }
}
