internal import CLibGit2
public import Foundation

extension Repository {
    /// The bytes of blob `id` as a file under `.git/promptexp/blobs/`, written once and
    /// reused (a blob never changes), for readers that stream a file (results, datasets).
    ///
    /// Loose objects are inflated as a stream, so a results file of any size is copied in
    /// flat memory; objects in a pack, which libgit2 cannot stream, pass through memory once.
    public func blobFile(_ id: ObjectID) throws -> URL {
        let url = gitDirectory.appendingPathComponent("\(ProjectLayout.blobs)/\(id.hex)")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(id.hex).\(getpid()).partial")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            if try !streamBlob(id, to: handle) { try handle.write(contentsOf: try blobData(id)) }
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return url
    }

    /// Copies a blob to `handle` through a read stream; false when no backend can stream it.
    private func streamBlob(_ id: ObjectID, to handle: FileHandle) throws -> Bool {
        var odb: OpaquePointer?
        try GitLibrary.check(git_repository_odb(&odb, pointer), "open the object database")
        defer { git_odb_free(odb) }
        var oid = id.oid
        var stream: UnsafeMutablePointer<git_odb_stream>?
        var length = 0
        var type = GIT_OBJECT_BLOB
        guard git_odb_open_rstream(&stream, &length, &type, odb, &oid) == 0, let stream else { return false }
        defer { git_odb_stream_free(stream) }
        var buffer = [CChar](repeating: 0, count: 1 << 16)
        var copied = 0
        while copied < length {
            let count = buffer.withUnsafeMutableBufferPointer { git_odb_stream_read(stream, $0.baseAddress, $0.count) }
            try GitLibrary.check(count, "read blob \(id.short)")
            guard count > 0 else { break }
            try buffer.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(Int(count)))) }
            copied += Int(count)
        }
        guard copied == length else {
            throw GitError.libgit2(operation: "read blob \(id.short)", code: -1, message: "the stream ended early")
        }
        return true
    }
}
