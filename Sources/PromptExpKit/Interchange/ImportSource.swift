public import Foundation

/// The file being imported and the folder its `file://` references are relative to.
public struct ImportSource: Sendable {
    /// The path as the user gave it, for messages.
    public let path: String
    public let url: URL
    public let text: String

    public init(url: URL, shownAs path: String) throws(InterchangeError) {
        self.url = url
        self.path = path
        text = try Self.readText(url, shownAs: path)
    }

    /// For tests and for text already in memory.
    public init(text: String, path: String, url: URL) {
        self.text = text
        self.path = path
        self.url = url
    }

    /// The text of a file named relative to the source's folder (a `file://` reference).
    func read(_ reference: String) throws(InterchangeError) -> (text: String, path: String) {
        let relative = reference.hasPrefix("file://") ? String(reference.dropFirst(7)) : reference
        let target =
            relative.hasPrefix("/")
            ? URL(fileURLWithPath: relative) : url.deletingLastPathComponent().appendingPathComponent(relative)
        let folder = (path as NSString).deletingLastPathComponent
        let clean = relative.hasPrefix("./") ? String(relative.dropFirst(2)) : relative
        let display = relative.hasPrefix("/") || folder.isEmpty ? clean : "\(folder)/\(clean)"
        return (try Self.readText(target, shownAs: display), display)
    }

    /// The YAML of the source, parsed, with errors at `path:line:column`.
    func yaml() throws(InterchangeError) -> YAMLNode {
        do {
            return try YAMLNode.parse(text, path: path)
        } catch {
            throw .malformed(error.location, error.message)
        }
    }

    /// A file of YAML front matter and a body (Prompty, Dotprompt): the front matter parsed
    /// (nil when there is none), and the split that says where the body starts.
    func frontMatter() throws(InterchangeError) -> (YAMLNode?, FrontMatterSplitter) {
        let split: FrontMatterSplitter
        do {
            split = try FrontMatterSplitter(text: text, path: path)
        } catch {
            throw .malformed(SourceLocation(path: path, line: 1), "\(error)")
        }
        guard let yaml = split.frontMatter else { return (nil, split) }
        do {
            return (try YAMLNode.parse(yaml, path: path, firstLine: split.frontMatterFirstLine), split)
        } catch {
            throw .malformed(error.location, error.message)
        }
    }

    static func readText(_ url: URL, shownAs path: String) throws(InterchangeError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw .unreadable(path: path, reason: exists ? "permission denied or not a file" : "no such file")
        }
        if let invalid = UTF8Check.firstInvalidOffset(in: data) {
            let (line, column) = UTF8Check.lineAndColumn(of: invalid, in: data)
            throw .malformed(SourceLocation(path: path, line: line, column: column), "invalid UTF-8")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
