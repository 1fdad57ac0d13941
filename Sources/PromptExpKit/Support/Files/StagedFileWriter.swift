import Foundation

/// Writes a file line by line to a hidden `.NAME.PID.partial` beside the target and renames
/// it into place at the end, so the target is either the old file or the complete new
/// one: an interrupted run or import never leaves half a file. The name is the process's
/// own, so two processes never write into one temporary file; what a killed process left
/// is removed by the next writer of the same target.
final class StagedFileWriter {
    let target: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(target: URL) throws {
        self.target = target
        let folder = target.deletingLastPathComponent()
        temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).partial")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            Self.removeLeftovers(of: target)
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        } catch {
            // The error names the file the user asked for, not a hidden temporary one.
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path, NSUnderlyingErrorKey: error as NSError])
        }
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
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [
                    NSFilePathErrorKey: target.path, NSLocalizedDescriptionKey: String(cString: strerror(errno)),
                ])
        }
    }

    /// Removes the temporary files of writers of `target` whose process is gone.
    private static func removeLeftovers(of target: URL) {
        let folder = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".partial") {
            let pid = name.dropFirst(prefix.count).dropLast(".partial".count)
            guard let pid = Int32(pid), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
