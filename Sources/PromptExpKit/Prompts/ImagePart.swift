import Crypto
public import Foundation

/// An image sent with a message: a PNG, JPEG, WebP or GIF file of the repository, or a
/// `data:` URL, as an input of type `image` names it. The request hash, the results and
/// the cache keep its SHA-256, never its bytes.
public struct ImagePart: Hashable, Sendable {
    public let mediaType: String
    public let data: Data
    /// SHA-256 of the bytes, hex.
    public let sha256: String

    /// Providers take images up to about 20 MB inline; larger is refused before sending.
    public static let maxBytes = 20 * 1024 * 1024

    public init(mediaType: String, data: Data) {
        self.mediaType = mediaType
        self.data = data
        sha256 = Hex.encode(SHA256.hash(data: data))
    }

    /// The image an input's value names; throws why not, in words for the row's error.
    static func loading(_ value: String, root: URL?) throws(ImageProblem) -> ImagePart {
        let data: Data
        if value.hasPrefix("data:") {
            data = try decodedDataURL(value)
        } else {
            let url = try checkedFile(value, root: root)
            guard let read = FileManager.default.contents(atPath: url.path) else {
                throw ImageProblem("cannot read \(value)")
            }
            data = read
        }
        return ImagePart(mediaType: try mediaType(of: data, naming: value), data: data)
    }

    /// The image in `data`, as a commit holds the file `path`: checked as `loading` checks
    /// a file of the working tree.
    static func committed(_ data: Data, path: String) throws(ImageProblem) -> ImagePart {
        guard data.count <= maxBytes else {
            throw ImageProblem(
                "\(path) is \(data.count / 1_048_576) MB; an image can have at most \(maxBytes / 1_048_576) MB")
        }
        return ImagePart(mediaType: try mediaType(of: data, naming: path), data: data)
    }

    /// Checks what `loading` would, reading only a file's first bytes: a run's validation
    /// pass uses it so that each image is read whole once, when its call is made.
    static func check(_ value: String, root: URL?) throws(ImageProblem) {
        if value.hasPrefix("data:") {
            _ = try mediaType(of: try decodedDataURL(value), naming: value)
            return
        }
        let url = try checkedFile(value, root: root)
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw ImageProblem("cannot read \(value)") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 12)) ?? Data()
        _ = try mediaType(of: head, naming: value)
    }

    private static func decodedDataURL(_ value: String) throws(ImageProblem) -> Data {
        guard let comma = value.firstIndex(of: ","), value[..<comma].hasSuffix(";base64"),
            let decoded = Data(base64Encoded: String(value[value.index(after: comma)...]))
        else { throw ImageProblem("a data: URL must be base64 (data:image/png;base64,…)") }
        guard decoded.count <= maxBytes else {
            throw ImageProblem("the image is \(decoded.count / 1_048_576) MB; at most \(maxBytes / 1_048_576) MB")
        }
        return decoded
    }

    /// The file a repository path names, once it is known to be a regular file inside
    /// the repository and small enough to send.
    private static func checkedFile(_ path: String, root: URL?) throws(ImageProblem) -> URL {
        guard let root else { throw ImageProblem("an image path needs the repository to read it from") }
        let url = root.appendingPathComponent(path)
        do {
            try ProjectFileCheck.requireInside(path, root: root)
            try ProjectFileCheck.requireRegularFile(url, root: root, display: path)
        } catch {
            throw ImageProblem("\(error)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw ImageProblem(
                "\(path) is \(size / 1_048_576) MB; an image can have at most \(maxBytes / 1_048_576) MB")
        }
        return url
    }

    private static func mediaType(of data: Data, naming value: String) throws(ImageProblem) -> String {
        guard let mediaType = mediaType(of: data) else {
            throw ImageProblem(
                "\(value.hasPrefix("data:") ? "the data: URL" : value) is not a PNG, JPEG, WebP or GIF image")
        }
        return mediaType
    }

    /// The format by its first bytes, whatever the file's name says.
    static func mediaType(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    /// The file name extension of its format (`png`).
    var fileExtension: String {
        switch mediaType {
        case "image/jpeg": "jpg"
        case let other: String(other.dropFirst("image/".count))
        }
    }

    /// As the request hash and the results keep it.
    var json: JSONValue { ["media_type": .string(mediaType), "sha256": .string(sha256)] }

    /// `data:MEDIA;base64,…`, as OpenAI takes it.
    var dataURL: String { "data:\(mediaType);base64,\(data.base64EncodedString())" }

    struct ImageProblem: PromptExpError {
        var description: String { message }
        let message: String
        init(_ message: String) { self.message = message }
    }
}
