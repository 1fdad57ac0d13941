/// A prompt body split into chat messages, each a compiled Mustache template.
///
/// Lines holding only `system:`, `user:` or `assistant:` start a message of that role
/// (Microsoft Prompty's convention); a body with none is one user message. The split
/// happens before Mustache sees the text, so an input value containing `user:` can
/// never start a message of its own.
public struct ChatTemplate: Sendable {
    public struct Segment: Sendable {
        public let role: ChatMessage.Role
        public let template: MustacheText
        /// 1-based file line of the segment's first template line.
        public let firstLine: Int
    }

    public let segments: [Segment]
    public let variables: TemplateVariables

    public init(body: String, path: String, firstLine: Int) throws(PromptError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var parts: [(role: ChatMessage.Role, lines: ArraySlice<Substring>, firstLine: Int)] = []
        var role: ChatMessage.Role?
        var start = 0
        for (index, line) in lines.enumerated() {
            guard let next = Self.roleMarker(line) else { continue }
            if let role {
                parts.append((role, lines[start..<index], firstLine + start))
            } else if lines[..<index].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                let text = lines[..<index].firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) ?? 0
                throw .malformed(
                    SourceLocation(path: path, line: firstLine + text),
                    "text before the first role line; start the body with system:, user: or assistant:")
            }
            role = next
            start = index + 1
        }
        parts.append((role ?? .user, lines[start...], firstLine + start))

        var segments: [Segment] = []
        for part in parts {
            let source = part.lines.joined(separator: "\n")
            let template = try MustacheText(source, path: path, firstLine: part.firstLine)
            segments.append(Segment(role: part.role, template: template, firstLine: part.firstLine))
        }
        self.segments = segments
        self.variables = TemplateVariables(
            scanning: parts.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n"))
    }

    /// Renders every message with `values`; surrounding blank lines are trimmed, so the
    /// file can space its messages freely.
    public func render(_ values: [String: JSONValue]) -> [ChatMessage] {
        let context = MustacheValue.context(values)
        return segments.map { segment in
            ChatMessage(role: segment.role, content: Self.trimmed(segment.template.render(context)))
        }
    }

    private static func roleMarker(_ line: Substring) -> ChatMessage.Role? {
        let trimmed = line.trimmingTrailingWhitespace().drop(while: \.isWhitespace)
        guard trimmed.last == ":" else { return nil }
        return ChatMessage.Role(rawValue: String(trimmed.dropLast()))
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
