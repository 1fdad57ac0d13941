import Mustache

/// JSON values in the shape Mustache renders from, so that what a template sends is the
/// same bytes in every process.
///
/// Handing Mustache Swift dictionaries and arrays would render `{{object}}` through their
/// `description`: Swift's syntax, not JSON, in hash order, which changes with the process's
/// hash seed, so the request hash and the cache would miss on every run. Here an object or
/// array interpolated as a whole renders as canonical JSON (sorted keys, numbers as the row
/// wrote them), while sections still walk into its members and iterate its elements.
enum MustacheValue {
    /// The context for a template: the inputs by name; `{{.}}` renders all of them as JSON.
    static func context(_ values: [String: JSONValue]) -> Any {
        MustacheObject(values)
    }

    static func make(_ value: JSONValue) -> Any {
        switch value {
        case .null: return MustacheNull()
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double: return MustacheNumber(text: value.canonicalJSON)
        case .number(let text): return MustacheNumber(text: text)
        case .string(let text): return text
        case .array(let elements): return MustacheList(elements, json: value.canonicalJSON)
        case .object(let members): return MustacheObject(members)
        }
    }
}

/// An object: its members for sections and dotted names, canonical JSON as a whole.
struct MustacheObject: MustacheParent, MustacheCustomRenderable {
    private let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) { self.members = members }

    func child(named name: String) -> Any? { members[name].map(MustacheValue.make) }
    var renderText: String { JSONValue.object(members).canonicalJSON }
    var isNull: Bool { false }
}

/// An array: iterated by sections, canonical JSON as a whole.
struct MustacheList: MustacheSequence, MustacheCustomRenderable {
    private let elements: [JSONValue]
    let renderText: String

    init(_ elements: [JSONValue], json: String) {
        self.elements = elements
        renderText = json
    }

    func makeIterator() -> IndexingIterator<[Any]> { elements.map(MustacheValue.make).makeIterator() }
    var isNull: Bool { false }
}

/// A number rendered as its JSON text: the row's own digits, never a rounded double.
struct MustacheNumber: MustacheCustomRenderable {
    let text: String
    var renderText: String { text }
    var isNull: Bool { false }
}

/// `null`: renders nothing and is false in a section.
struct MustacheNull: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
