import Foundation

/// promptfoo's templates are Nunjucks (Prompty's Jinja2, the same syntax): `{{ name }}` and
/// `{{ a.b }}` are Mustache as they are; `{% if x %}…{% else %}…{% endif %}` becomes a
/// section and its inverse, and `{% for item in items %}…{{ item.name }}…{% endfor %}` a
/// section over `items` whose `{{ item }}` is `{{.}}`. Other tags, filters
/// (`{{ x | upper }}`) and expressions have no Mustache equivalent: they are reported, and
/// the text kept as it is so the user can rewrite it.
enum NunjucksText {
    /// The Mustache text, and one problem per construct that was not converted.
    static func mustache(_ text: String) -> (text: String, problems: [String]) {
        var out = ""
        var problems: [String] = []
        var rest = Substring(text)
        // Open blocks: the tag, the variable tested or iterated, and a loop's item name.
        var blocks: [(tag: String, name: String, item: String?)] = []
        while let open = rest.range(of: "{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if after.hasPrefix("{"), let close = after.range(of: "}}") {
                let inner = after[after.index(after: after.startIndex)..<close.lowerBound]
                var name = inner.trimmingCharacters(in: .whitespaces)
                if let item = blocks.last(where: { $0.item != nil })?.item {
                    if name == item {
                        name = "."
                    } else if name.hasPrefix(item + ".") {
                        name.removeFirst(item.count + 1)
                    }
                }
                if name == "." || isPath(name) {
                    out += "{{\(name)}}"
                } else {
                    // A Mustache comment: as a tag it would not parse.
                    out += "{{! not converted: \(inner.trimmingCharacters(in: .whitespaces)) }}"
                    problems.append("the expression {{\(inner)}} has no Mustache equivalent")
                }
                rest = after[close.upperBound...]
            } else if after.hasPrefix("%") || after.hasPrefix("#"),
                let close = after.range(of: after.hasPrefix("%") ? "%}" : "#}")
            {
                let tag = rest[open.lowerBound..<close.upperBound]
                let words = after.dropFirst()[..<close.lowerBound]
                    .split(separator: " ").map(String.init).filter { $0 != "-" }
                rest = after[close.upperBound...]
                if let converted = block(words, &blocks) {
                    out += converted
                } else {
                    out += tag
                    problems.append("the Nunjucks tag \(tag.prefix(40)) has no Mustache equivalent")
                }
            } else {
                out += "{"
                rest = after
            }
        }
        out += rest
        return (out, problems)
    }

    /// The Mustache for a block tag's words, or nil when it has none.
    private static func block(_ words: [String], _ blocks: inout [(tag: String, name: String, item: String?)])
        -> String?
    {
        switch words.first {
        case "if" where words.count == 2 && isPath(words[1]):
            blocks.append(("if", words[1], nil))
            return "{{#\(words[1])}}"
        case "if" where words.count == 3 && words[1] == "not" && isPath(words[2]):
            blocks.append(("ifnot", words[2], nil))
            return "{{^\(words[2])}}"
        case "else" where words.count == 1 && blocks.last?.tag.hasPrefix("if") == true:
            let top = blocks.removeLast()
            blocks.append((top.tag == "if" ? "ifnot" : "if", top.name, nil))
            return top.tag == "if" ? "{{/\(top.name)}}{{^\(top.name)}}" : "{{/\(top.name)}}{{#\(top.name)}}"
        case "endif" where blocks.last?.tag.hasPrefix("if") == true, "endfor" where blocks.last?.tag == "for":
            return "{{/\(blocks.removeLast().name)}}"
        case "for" where words.count == 4 && words[2] == "in" && isPath(words[1]) && isPath(words[3]):
            blocks.append(("for", words[3], words[1]))
            return "{{#\(words[3])}}"
        default:
            return nil
        }
    }

    /// `name`, `a.b`, `items.0`: what Mustache looks up the same way.
    static func isPath(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && !text.hasSuffix(".") && !text.contains("..")
            && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
    }
}
