public import Foundation

/// Writes a file by writing a temporary file beside it and renaming it into place, so a
/// reader sees the old file or the whole new one, never half of it.
///
/// Unlike `Data.write(options: .atomic)` it does not fsync: what it protects against is a
/// killed process, not a power cut, and an fsync per cache entry would cost more than the
/// call it saves. Missing parent folders are made only when the first try finds them absent.
public enum AtomicFile {
    /// Throws an error that names `path` (not the temporary file) and the system's reason.
    public static func write(_ data: Data, to path: String) throws {
        do {
            do {
                try writeOnce(data, to: path)
            } catch let error as POSIXError where error.code == .ENOENT {
                let folder = (path as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try writeOnce(data, to: path)
            }
        } catch {
            throw CocoaError(
                .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: error as NSError])
        }
    }

    private static func writeOnce(_ data: Data, to path: String) throws {
        let temporary = "\(path).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        do {
            // FileHandle writes it all (retrying short writes and EINTR) and closes it.
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = POSIXErrorCode(rawValue: errno) ?? .EIO
            unlink(temporary)
            throw POSIXError(failure)
        }
    }
}
