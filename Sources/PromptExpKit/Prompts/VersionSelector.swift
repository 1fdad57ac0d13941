/// Which version of a prompt a command means.
public enum VersionSelector: Hashable, Sendable, CustomStringConvertible {
    /// The file on disk.
    case working
    /// The N-th version, counting from the oldest (v1) on the current branch's first-parent history.
    case number(Int)
    /// A tag from the front matter, or else any git revision (branch, `HEAD~2`, commit id).
    case named(String)

    /// Reads `working`, `vN`, or any other text as a tag or revision.
    public init(parsing text: String) {
        if text == "working" {
            self = .working
        } else if text.count > 1, text.first == "v" || text.first == "V", let number = Int(text.dropFirst()), number > 0
        {
            self = .number(number)
        } else {
            self = .named(text)
        }
    }

    /// Splits `support/reply@v3` into the prompt id and its selector (nil when absent).
    public static func split(_ reference: String) -> (prompt: String, selector: VersionSelector?) {
        guard let at = reference.lastIndex(of: "@") else { return (reference, nil) }
        let selector = reference[reference.index(after: at)...]
        return (String(reference[..<at]), selector.isEmpty ? nil : VersionSelector(parsing: String(selector)))
    }

    public var description: String {
        switch self {
        case .working: "working"
        case .number(let number): "v\(number)"
        case .named(let name): name
        }
    }
}
