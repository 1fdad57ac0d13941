import Foundation

/// The variables a Mustache template reads, found by scanning its tags.
///
/// Only top-level names count (`{{user.name}}` reads `user`). Names used only inside a
/// section may come from the section's own value, so they are `sectionScoped`.
public struct TemplateVariables: Hashable, Sendable {
    /// Interpolated outside any section: a value must exist for the text to make sense.
    public var required: Set<String> = []
    /// Opening a section or inverted section: absent means false/empty.
    public var sections: Set<String> = []
    /// Read only inside a section.
    public var sectionScoped: Set<String> = []
    /// False when the template changes its delimiters, which this scanner does not follow.
    public var isComplete = true

    /// Every top-level name the template may read.
    public var all: Set<String> { required.union(sections).union(sectionScoped) }

    public init(scanning template: String) {
        var depth = 0
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            let closer = triple ? "}}}" : "}}"
            guard let close = rest.range(of: closer) else {
                isComplete = false
                return
            }
            var tag = rest[(triple ? rest.index(after: rest.startIndex) : rest.startIndex)..<close.lowerBound]
            rest = rest[close.upperBound...]
            tag = tag.drop(while: \.isWhitespace)
            let sigil = triple ? nil : tag.first.flatMap { "#^/!>&=%<$".contains($0) ? $0 : nil }
            if sigil != nil { tag = tag.dropFirst().drop(while: \.isWhitespace) }
            let name = Self.topLevelName(String(tag.trimmingTrailingWhitespace()))
            switch sigil {
            case "!", ">", "<", "%", "$":
                continue
            case "=":
                isComplete = false
                return
            case "/":
                depth = max(0, depth - 1)
            case "#", "^":
                if let name, depth > 0 { sectionScoped.insert(name) } else if let name { sections.insert(name) }
                depth += 1
            default:
                if let name, depth > 0 { sectionScoped.insert(name) } else if let name { required.insert(name) }
            }
        }
        sectionScoped.subtract(required.union(sections))
    }

    /// `user.name` reads `user`; `.` is the current item and names nothing.
    private static func topLevelName(_ name: String) -> String? {
        guard !name.isEmpty, name != "." else { return nil }
        // Transforms such as `uppercased(name)` read the name inside the brackets.
        var inner = Substring(name)
        if let open = inner.firstIndex(of: "("), let close = inner.lastIndex(of: ")"), open < close {
            inner = inner[inner.index(after: open)..<close]
        }
        let first = inner.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        return first.isEmpty ? nil : first
    }
}
