import Foundation

/// Writes a file line by line to a hidden `.NAME.partial` beside the target and renames
/// it into place at the end, so the target is either the old file or the complete new
/// one: an interrupted run or import never leaves half a file.
final class StagedFileWriter {
    let target: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(target: URL) throws {
        self.target = target
        temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    /// Appends `line` and a line break (buffered).
    func write(_ line: String) throws {
        buffer.append(contentsOf: (line + "\n").utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        try handle.close()
        // rename(2) replaces the target atomically, which FileManager's move does not.
        guard rename(temporary.path, target.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: target.path, NSLocalizedDescriptionKey: String(cString: strerror(errno)),
            ])
        }
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
