import Foundation

/// Writes a file by writing a temporary file beside it and renaming it into place, so a
/// reader sees the old file or the whole new one, never half of it.
///
/// Unlike `Data.write(options: .atomic)` it does not fsync: what it protects against is a
/// killed process, not a power cut, and an fsync per cache entry would cost more than the
/// call it saves. Missing parent folders are made only when the first try finds them absent.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        do {
            try writeOnce(data, to: path)
        } catch let error as POSIXError where error.code == .ENOENT {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeOnce(data, to: path)
        }
    }

    private static func writeOnce(_ data: Data, to path: String) throws {
        let temporary = "\(path).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var failure: POSIXErrorCode?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = POSIXErrorCode(rawValue: errno) ?? .EIO
                    return
                }
                offset += written
            }
        }
        close(descriptor)
        if failure == nil, rename(temporary, path) != 0 { failure = POSIXErrorCode(rawValue: errno) ?? .EIO }
        if let failure {
            unlink(temporary)
            throw POSIXError(failure)
        }
    }
}
