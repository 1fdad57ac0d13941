public import Foundation

/// Reads the images a row's inputs name, each once: the variants of a run render the
/// same row, and an image can be megabytes.
public struct ImageReader {
    /// Where image paths are read from: the repository.
    let root: URL?
    private var read: [String: ImagePart] = [:]

    public init(root: URL?) { self.root = root }

    mutating func image(_ value: String) throws(ImagePart.ImageProblem) -> ImagePart {
        if let known = read[value] { return known }
        let image = try ImagePart.loading(value, root: root)
        read[value] = image
        return image
    }
}
