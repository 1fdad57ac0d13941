import Foundation

extension Project {
    /// The image file `path` as experiment `name`'s rows gave it to the run: from the tip
    /// of its branch, or the working tree when that branch is checked out (as the run read
    /// it). Only repository paths of PNG, JPEG, WebP or GIF images are read.
    public func experimentImage(_ name: String, path: String) throws -> ImagePart {
        try ProjectFileCheck.requireInside(path, root: root)
        let branch = Self.experimentBranchPrefix + name
        if try repository.currentBranch() == branch {
            return try ImagePart.loading(path, root: root)
        }
        _ = try experiment(named: name)
        guard let tip = try repository.branchTip(branch), let data = try repository.fileData(at: path, in: tip) else {
            throw ProjectFileError.missing(path)
        }
        return try ImagePart.committed(data, path: path)
    }

    /// Fills `subject.thumbnails` with the images its shown rows name, read by `read`
    /// (a path of the repository); data: URLs are decoded in place. An image that cannot
    /// be read is left out: the input then shows its path, as the run recorded it.
    func attachThumbnails(to subject: inout ComparisonSubject, reading read: (String) throws -> ImagePart) {
        var budget = ComparisonSubject.thumbnailBudget
        for name in subject.imageInputs {
            for inputs in subject.rowInputs.values {
                guard let value = inputs[name]?.stringValue, subject.thumbnails[value] == nil else { continue }
                let image = value.hasPrefix("data:") ? try? ImagePart.loading(value, root: nil) : try? read(value)
                guard let image, image.data.count <= ComparisonSubject.thumbnailMaxBytes, image.data.count <= budget
                else { continue }
                budget -= image.data.count
                subject.thumbnails[value] = image
            }
        }
    }
}
