import Foundation

/// Dotprompt's Handlebars and promptexp's Mustache, converted tag by tag with the text
/// between kept as it is. `{{#if x}}`/`{{#each x}}` are Mustache sections (`{{#x}}`),
/// `{{#unless x}}` an inverted one, `{{else}}` closes a section and opens its inverse,
/// `{{this}}` is `{{.}}`, and `{{role "user"}}` starts a message. Helpers Mustache lacks
/// (`{{json x}}`, `{{media …}}`, `{{@index}}`, partials) are reported and left in the text
/// as Mustache comments, where the user rewrites them.
enum HandlebarsText {
    /// A message's text: role and Mustache content.
    struct Part {
        var role: ChatMessage.Role
        var text: String
    }

    static func mustache(_ source: String) -> (parts: [Part], problems: [String]) {
        var parts = [Part(role: .user, text: "")]
        var problems: [String] = []
        var stack: [(helper: String, name: String)] = []
        var rest = Substring(source)
        var sawRole = false
        while let open = rest.range(of: "{{") {
            parts[parts.count - 1].text += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            guard let close = rest[open.upperBound...].range(of: triple ? "}}}" : "}}") else { break }
            let raw = String(rest[open.lowerBound..<close.upperBound])
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            let words = inner.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            func emit(_ text: String) { parts[parts.count - 1].text += text }
            if triple || inner.hasPrefix("!") {
                emit(raw)
            } else if words.first == "role", words.count == 2,
                let role = ChatMessage.Role(
                    rawValue: words[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))), role != .tool
            {
                if sawRole || !parts[parts.count - 1].text.allSatisfy(\.isWhitespace) {
                    parts.append(Part(role: role, text: ""))
                } else {
                    parts[parts.count - 1].role = role
                }
                sawRole = true
                // The tag's own line break belongs to the tag.
                if rest.hasPrefix("\n") { rest = rest.dropFirst() }
            } else if ["#if", "#each", "#with"].contains(words.first ?? ""), words.count == 2 {
                stack.append((String(words[0].dropFirst()), words[1]))
                emit("{{#\(words[1])}}")
            } else if words.first == "#unless", words.count == 2 {
                stack.append(("unless", words[1]))
                emit("{{^\(words[1])}}")
            } else if inner == "else", let top = stack.last {
                emit(top.helper == "unless" ? "{{/\(top.name)}}{{#\(top.name)}}" : "{{/\(top.name)}}{{^\(top.name)}}")
            } else if inner.hasPrefix("/"), let top = stack.popLast() {
                emit("{{/\(top.name)}}")
            } else if inner == "this" {
                emit("{{.}}")
            } else if words.count == 1, NunjucksText.isPath(inner.replacingOccurrences(of: "this.", with: "")) {
                emit("{{\(inner.hasPrefix("this.") ? String(inner.dropFirst(5)) : inner)}}")
            } else {
                // Kept as a Mustache comment: as a tag it would not parse.
                emit("{{! not converted: \(inner.replacingOccurrences(of: "}", with: ")")) }}")
                problems.append("the Handlebars tag \(raw.prefix(40)) has no Mustache equivalent")
            }
        }
        parts[parts.count - 1].text += rest
        return (parts, problems)
    }

    /// Mustache back to Handlebars: sections become `#each` for list inputs and `#if`
    /// otherwise; inverted sections `#unless`.
    static func handlebars(_ source: String, lists: Set<String>) -> String {
        var out = ""
        var stack: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            guard let close = rest[open.upperBound...].range(of: triple ? "}}}" : "}}") else { break }
            let raw = String(rest[open.lowerBound..<close.upperBound])
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if triple || inner.hasPrefix("!") {
                out += raw
            } else if inner.hasPrefix("#") {
                let name = inner.dropFirst().trimmingCharacters(in: .whitespaces)
                let helper = lists.contains(name) ? "each" : "if"
                stack.append(helper)
                out += "{{#\(helper) \(name)}}"
            } else if inner.hasPrefix("^") {
                stack.append("unless")
                out += "{{#unless \(inner.dropFirst().trimmingCharacters(in: .whitespaces))}}"
            } else if inner.hasPrefix("/") {
                out += "{{/\(stack.popLast() ?? "if")}}"
            } else if inner == "." {
                out += "{{this}}"
            } else {
                out += raw
            }
        }
        return out + rest
    }
}
