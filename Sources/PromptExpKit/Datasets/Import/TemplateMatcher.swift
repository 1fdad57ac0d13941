import Foundation

/// Recovers a prompt template's inputs from the messages it rendered: each chat message
/// of the template becomes a regular expression whose groups capture the variables, and
/// a logged request that matches yields their values. Nothing is guessed: a match must
/// be unique (the lazy and the greedy reading agree), a variable used twice must have
/// one value, typed inputs must parse, and the values must render the logged messages
/// back exactly.
public struct TemplateMatcher: Sendable {
    /// Why a logged request yields no row.
    public enum Miss: String, Error, Sendable, CaseIterable, Comparable {
        case messageCount = "a different number of messages"
        case roles = "different message roles"
        case text = "text that does not fit the template"
        case ambiguous = "an ambiguous match (more than one set of values fits)"
        case inconsistent = "a variable with two different values"
        case types = "a value that does not parse as its declared type"
        case missingInput = "a required input that the request does not show"
        case rerender = "values that do not render the request back exactly"
        case images = "a different number of images than the template's image lines"
        case imageInConversation = "an image in an earlier turn (a conversation input holds text and tool calls)"
        case imageByURL = "an image given by URL (promptexp never fetches one)"

        public static func < (lhs: Miss, rhs: Miss) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Segment: Sendable {
        let role: ChatMessage.Role
        let lazy: NSRegularExpression
        let greedy: NSRegularExpression
        /// Group number → the variable it captures, or the section whose presence it marks.
        let groups: [Int: Capture]
        /// The image inputs the segment's `image:` lines place, in order.
        let imageInputs: [String]
    }

    enum Capture: Sendable {
        case variable(String)
        case section(String, inverted: Bool)
    }

    public let promptID: String
    let file: PromptFile
    let segments: [Segment]
    /// Declared input types, by name.
    let types: [String: InputSpec.ValueType]

    /// Builds the matcher; a template it cannot invert (partials, changed delimiters,
    /// dotted names) is an error naming the prompt.
    public init(file: PromptFile, promptID: String) throws(ImportError) {
        self.file = file
        self.promptID = promptID
        let types = Dictionary(
            file.frontMatter.inputs.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        self.types = types
        var segments: [Segment] = []
        for segment in file.template.segments {
            do {
                let nodes = Self.trimmed(try MustacheScanner.parse(segment.template.source))
                var lazy = SegmentCompiler(types: types, lazy: true)
                var greedy = SegmentCompiler(types: types, lazy: false)
                lazy.emit(nodes)
                greedy.emit(nodes)
                segments.append(
                    Segment(
                        role: segment.role,
                        lazy: try NSRegularExpression(pattern: "^" + lazy.pattern + "$"),
                        greedy: try NSRegularExpression(pattern: "^" + greedy.pattern + "$"),
                        groups: lazy.groups, imageInputs: segment.imageInputs))
            } catch let error as MustacheScanError {
                throw .unmatchableTemplate(prompt: promptID, reason: error.message)
            } catch {
                throw .unmatchableTemplate(prompt: promptID, reason: "\(error)")
            }
        }
        self.segments = segments
    }

    /// Rendering trims each message, so blank space that can end up at either end of it —
    /// including space before or inside an optional section there — may be gone.
    static func trimmed(_ nodes: [MustacheNode]) -> [MustacheNode] {
        var nodes = nodes
        flexEnd(&nodes, atStart: false)
        flexEnd(&nodes, atStart: true)
        return nodes
    }

    /// Walks in from one end, turning the outer blank space of text into flexible space,
    /// through optional sections, up to the first text that is not all blank or a variable.
    private static func flexEnd(_ nodes: inout [MustacheNode], atStart: Bool) {
        var index = atStart ? 0 : nodes.count - 1
        while nodes.indices.contains(index) {
            switch nodes[index] {
            case .text(let text):
                let core =
                    atStart
                    ? String(text.drop(while: \.isWhitespace))
                    : String(text.reversed().drop(while: \.isWhitespace).reversed())
                if core.isEmpty {
                    nodes[index] = .flexibleSpace
                } else {
                    nodes[index] = .text(core)
                    nodes.insert(.flexibleSpace, at: atStart ? index : index + 1)
                    return
                }
            case .section(let name, let inverted, var children):
                flexEnd(&children, atStart: atStart)
                nodes[index] = .section(name, inverted: inverted, children)
            case .variable, .flexibleSpace:
                return
            }
            index += atStart ? 1 : -1
        }
    }

    /// The inputs that render exactly `messages`, or why there are none.
    public func match(_ messages: [ChatMessage]) -> Result<[String: JSONValue], Miss> {
        // A conversation input takes the messages between the template's own: those before
        // it match the first messages, those after it the last ones.
        var pairs: [(Segment, ChatMessage)]
        var conversation: (name: String, messages: [ChatMessage])?
        let conversations = file.template.segments.indices.filter { file.template.segments[$0].conversation != nil }
        if let splice = conversations.first {
            guard conversations.count == 1, let name = file.template.segments[splice].conversation else {
                return .failure(.roles)
            }
            let after = segments.count - splice - 1
            guard messages.count >= segments.count - 1 else { return .failure(.messageCount) }
            pairs =
                Array(zip(segments[..<splice], messages[..<splice]))
                + Array(zip(segments[(splice + 1)...], messages[(messages.count - after)...]))
            conversation = (name, Array(messages[splice..<(messages.count - after)]))
            if conversation?.messages.contains(where: { !$0.images.isEmpty }) == true {
                return .failure(.imageInConversation)
            }
        } else {
            guard messages.count == segments.count else { return .failure(.messageCount) }
            pairs = Array(zip(segments, messages))
        }
        var texts: [String: String] = [:]
        var present: [String: Bool] = [:]
        var images: [String: ImagePart] = [:]
        for (segment, message) in pairs {
            guard segment.role == message.role else { return .failure(.roles) }
            // An image line's input takes the message's image in the same place; the
            // importer stores it once, by hash, and the row names its file.
            guard segment.imageInputs.count == message.images.count else { return .failure(.images) }
            for (name, image) in zip(segment.imageInputs, message.images) {
                if let known = images[name], known != image { return .failure(.inconsistent) }
                images[name] = image
            }
            let content = message.content.trimmingCharacters(in: .whitespacesAndNewlines)
            let range = NSRange(content.startIndex..., in: content)
            guard let lazy = segment.lazy.firstMatch(in: content, range: range),
                let greedy = segment.greedy.firstMatch(in: content, range: range)
            else { return .failure(.text) }
            for (group, capture) in segment.groups.sorted(by: { $0.key < $1.key }) {
                let first = Self.text(lazy, group, in: content)
                let second = Self.text(greedy, group, in: content)
                guard first == second else { return .failure(.ambiguous) }
                switch capture {
                case .variable(let name):
                    guard let value = first else { continue }
                    if let known = texts[name], known != value { return .failure(.inconsistent) }
                    texts[name] = value
                case .section(let name, let inverted):
                    // A section shown means a truthy value; an inverted one shown, a falsy one.
                    present[name] = (first != nil) != inverted
                }
            }
        }
        var inputs: [String: JSONValue] = [:]
        for (name, text) in texts {
            guard let value = Self.value(text, as: types[name] ?? .string) else { return .failure(.types) }
            inputs[name] = value
        }
        for (name, truthy) in present where inputs[name] == nil && truthy { inputs[name] = .bool(true) }
        if let conversation { inputs[conversation.name] = .array(conversation.messages.map(\.json)) }
        for (name, image) in images { inputs[name] = .string(image.dataURL) }
        do {
            let rendered = try file.render(inputs, promptID: promptID, rowLabel: "a logged request")
            let same =
                rendered.count == messages.count
                && zip(rendered, messages).allSatisfy {
                    $0.role == $1.role && $0.toolCalls == $1.toolCalls && $0.images == $1.images
                        && $0.content.trimmingCharacters(in: .whitespacesAndNewlines)
                            == $1.content.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            return same ? .success(inputs) : .failure(.rerender)
        } catch {
            return .failure(error.isMissingInput ? .missingInput : .types)
        }
    }

    private static func text(_ match: NSTextCheckingResult, _ group: Int, in content: String) -> String? {
        let range = match.range(at: group)
        guard range.location != NSNotFound, let swiftRange = Range(range, in: content) else { return nil }
        return String(content[swiftRange])
    }

    /// A captured text as its declared type.
    static func value(_ text: String, as type: InputSpec.ValueType) -> JSONValue? {
        switch type {
        case .string: return .string(text)
        case .integer: return Int(text).map(JSONValue.int)
        case .number: return Int(text).map(JSONValue.int) ?? Double(text).map(JSONValue.double)
        case .boolean: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
        case .array, .object:
            guard let value = try? JSONValue.parse(Data(text.utf8)) else { return nil }
            return type == .array ? (value.arrayValue != nil ? value : nil) : (value.objectValue != nil ? value : nil)
        case .any: return (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
        // A conversation is messages, never captured from one message's text.
        case .messages, .image: return nil
        }
    }
}

/// Turns template nodes into a regular expression, numbering the capture groups.
struct SegmentCompiler {
    let types: [String: InputSpec.ValueType]
    let lazy: Bool
    var pattern = ""
    var groups: [Int: TemplateMatcher.Capture] = [:]
    private var count = 0
    private var firstGroup: [String: Int] = [:]

    init(types: [String: InputSpec.ValueType], lazy: Bool) {
        self.types = types
        self.lazy = lazy
    }

    mutating func emit(_ nodes: [MustacheNode]) {
        for node in nodes {
            switch node {
            case .text(let text):
                pattern += NSRegularExpression.escapedPattern(for: text)
            case .flexibleSpace:
                pattern += "\\s*"
            case .variable(let name):
                if let group = firstGroup[name] {
                    pattern += "\\\(group)"
                } else {
                    count += 1
                    firstGroup[name] = count
                    groups[count] = .variable(name)
                    pattern += "(\(valuePattern(for: types[name] ?? .string)))"
                }
            case .section(let name, let inverted, let children):
                count += 1
                groups[count] = .section(name, inverted: inverted)
                pattern += "("
                emit(children)
                pattern += lazy ? ")??" : ")?"
            }
        }
    }

    private func valuePattern(for type: InputSpec.ValueType) -> String {
        switch type {
        case .integer: "-?[0-9]+"
        case .number: "-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
        case .boolean: "true|false"
        default: lazy ? "[\\s\\S]*?" : "[\\s\\S]*"
        }
    }
}
