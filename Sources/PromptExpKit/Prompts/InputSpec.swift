/// A declared template variable: its type, its default, and whether a row must give it.
public struct InputSpec: Hashable, Sendable {
    public enum ValueType: String, Hashable, Sendable, CaseIterable {
        case string, number, integer, boolean, array, object, any
        /// A conversation: a list of messages (see `ChatMessage.reading`), spliced into the
        /// request where the template says `messages: {{name}}`.
        case messages
        /// An image: a PNG, JPEG, WebP or GIF file of the repository, or a `data:` URL,
        /// sent with the message whose `image: {{name}}` line names it.
        case image

        /// The type as an error names it.
        var shownName: String {
            switch self {
            case .messages: "a list of messages"
            case .image: "an image path or data: URL"
            default: rawValue
            }
        }

        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.any, _), (.string, .string), (.integer, .int), (.number, .int), (.number, .double),
                (.number, .number),
                (.boolean, .bool), (.array, .array), (.object, .object), (.messages, .array),
                (.image, .string):
                return true
            default:
                return false
            }
        }
    }

    public let name: String
    public let type: ValueType
    public let defaultValue: JSONValue?
    public let description: String?
    /// False when the declaration says `required: false` or gives a default.
    public let isRequired: Bool

    public init(
        name: String, type: ValueType = .string, defaultValue: JSONValue? = nil,
        description: String? = nil, isRequired: Bool? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.description = description
        self.isRequired = isRequired ?? (defaultValue == nil)
    }
}
