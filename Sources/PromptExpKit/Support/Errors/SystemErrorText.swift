import Foundation

/// One line for a person from an error the system or Foundation threw (a file that could
/// not be written, a folder that is not one), instead of Foundation's
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)".
public enum SystemErrorText {
    /// True for the errors this describes: Foundation's file errors and POSIX errors.
    public static func isSystemError(_ error: any Error) -> Bool {
        let domain = (error as NSError).domain
        return domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain
    }

    /// The path involved, if known, then the reason in the words of `strerror`.
    public static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        let path =
            nsError.userInfo[NSFilePathErrorKey] as? String
            ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        let reason =
            posixCode(of: nsError).map { String(cString: strerror($0)) }
            ?? path.flatMap(diagnose) ?? cocoaReason(nsError)
        return path.map { "\($0): \(reason)" } ?? reason
    }

    /// Foundation on Linux often reports a failed write with no cause (error 512); the
    /// nearest existing folder on the way to `path` usually tells it.
    private static func diagnose(_ path: String) -> String? {
        var current = URL(fileURLWithPath: path)
        while current.path != "/" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: current.path, isDirectory: &isFolder) {
                if current.path != path, !isFolder.boolValue { return "\(current.path) is not a folder" }
                var volume = statvfs()
                if statvfs(current.path, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 {
                    return "read-only file system"
                }
                if access(current.path, W_OK) != 0 { return String(cString: strerror(errno)) }
                return nil
            }
            current.deleteLastPathComponent()
        }
        return nil
    }

    private static func posixCode(of error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(of: underlying) }
        return nil
    }

    private static func cocoaReason(_ error: NSError) -> String {
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "no space left on the device"
        case .fileWriteVolumeReadOnly: "read-only file system"
        case .fileWriteFileExists: "the file already exists"
        case .fileReadCorruptFile: "the file is corrupt"
        case .fileReadInapplicableStringEncoding: "the file is not in the expected text encoding"
        default:
            // Foundation's own text, when it has one that says more than the domain and code.
            error.localizedDescription.contains("could not be completed")
                ? "input/output error (\(error.domain) \(error.code))" : error.localizedDescription
        }
    }
}
