/// A prompt body split into chat messages, each a compiled Mustache template.
///
/// Lines holding only `system:`, `user:` or `assistant:` start a message of that role
/// (Microsoft Prompty's convention); a body with none is one user message. A line
/// `messages: {{history}}` places a conversation there: the input `history` (declared
/// `{type: messages}`), each of its messages as it is. The split happens before Mustache
/// sees the text, so an input value containing `user:` can never start a message of its own.
public struct ChatTemplate: Sendable {
    public struct Segment: Sendable {
        public let role: ChatMessage.Role
        public let template: MustacheText
        /// 1-based file line of the segment's first template line.
        public let firstLine: Int
        /// For a `messages: {{name}}` line: the input whose messages go here (the
        /// template is then empty).
        public var conversation: String?
        /// Inputs named by `image: {{name}}` lines of the message, in order: their images
        /// go with it after the text.
        public var imageInputs: [String] = []
    }

    public let segments: [Segment]
    public let variables: TemplateVariables

    public init(body: String, path: String, firstLine: Int) throws(PromptError) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var parts: [(role: ChatMessage.Role, lines: ArraySlice<Substring>, firstLine: Int, conversation: String?)] = []
        var role: ChatMessage.Role?
        var start = 0
        for (index, line) in lines.enumerated() {
            if let name = Self.conversationMarker(line) {
                if let role { parts.append((role, lines[start..<index], firstLine + start, nil)) }
                parts.append((.user, lines[index..<index], firstLine + index, name))
                role = nil
                start = index + 1
                continue
            }
            guard let next = Self.roleMarker(line) else { continue }
            if let role {
                parts.append((role, lines[start..<index], firstLine + start, nil))
            } else if lines[start..<index].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                let text = lines[..<index].firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) ?? 0
                throw .malformed(
                    SourceLocation(path: path, line: firstLine + text),
                    "text before the first role line; start the body with system:, user: or assistant:")
            }
            role = next
            start = index + 1
        }
        if role != nil || parts.isEmpty || lines[start...].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
            parts.append((role ?? .user, lines[start...], firstLine + start, nil))
        }

        var segments: [Segment] = []
        for part in parts {
            // `image: {{name}}` lines leave the text (blank, so line numbers hold) for the images.
            let images = part.lines.compactMap { Self.marker("image:", in: $0) }
            let source = part.lines.map { Self.marker("image:", in: $0) == nil ? String($0) : "" }.joined(
                separator: "\n")
            let template = try MustacheText(source, path: path, firstLine: part.firstLine)
            var segment = Segment(role: part.role, template: template, firstLine: part.firstLine)
            segment.conversation = part.conversation
            segment.imageInputs = images
            segments.append(segment)
        }
        self.segments = segments
        self.variables = TemplateVariables(
            scanning: parts.map { $0.conversation.map { "{{\($0)}}" } ?? $0.lines.joined(separator: "\n") }.joined(
                separator: "\n"))
    }

    /// The inputs spliced in as conversations, in order.
    public var conversationInputs: [String] { segments.compactMap(\.conversation) }

    /// The inputs sent as images, in order.
    public var imageInputs: [String] { segments.flatMap(\.imageInputs) }

    /// Renders every message with `values`; surrounding blank lines are trimmed, so the
    /// file can space its messages freely.
    /// A conversation input is spliced in message by message; one that does not read as
    /// messages was refused by `PromptFile.resolveInputs` before this.
    /// Images come from `images`, by input name (see `PromptFile.render`).
    public func render(_ values: [String: JSONValue], images: [String: ImagePart] = [:]) -> [ChatMessage] {
        let context = MustacheValue.context(values)
        return segments.flatMap { segment -> [ChatMessage] in
            if let name = segment.conversation {
                return (values[name]?.arrayValue ?? []).compactMap { try? ChatMessage.reading($0) }
            }
            return [
                ChatMessage(
                    role: segment.role, content: Self.trimmed(segment.template.render(context)),
                    images: segment.imageInputs.compactMap { images[$0] })
            ]
        }
    }

    /// `system:`, `user:` or `assistant:` alone on a line. (A tool's result comes only in a
    /// conversation input: it needs the id of the call it answers.)
    private static func roleMarker(_ line: Substring) -> ChatMessage.Role? {
        let trimmed = line.trimmingTrailingWhitespace().drop(while: \.isWhitespace)
        guard trimmed.last == ":", let role = ChatMessage.Role(rawValue: String(trimmed.dropLast())), role != .tool
        else { return nil }
        return role
    }

    /// `messages: {{name}}` alone on a line: the input's name.
    private static func conversationMarker(_ line: Substring) -> String? { marker("messages:", in: line) }

    /// `KEY {{name}}` alone on a line (`messages:`, `image:`): the input's name.
    private static func marker(_ key: String, in line: Substring) -> String? {
        let trimmed = line.trimmingTrailingWhitespace().drop(while: \.isWhitespace)
        guard trimmed.hasPrefix(key) else { return nil }
        let rest = trimmed.dropFirst(key.count).drop(while: \.isWhitespace)
        guard rest.hasPrefix("{{"), rest.hasSuffix("}}") else { return nil }
        let name = rest.dropFirst(2).dropLast(2).trimmingTrailingWhitespace().drop(while: \.isWhitespace)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." })
        else { return nil }
        return String(name)
    }

    private static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
