import Foundation

/// What differs between the C libraries promptexp builds on (glibc on Linux, Darwin's libc
/// on macOS), in one place: everything else is POSIX and Foundation.
enum Platform {
    /// `RLIMIT_NOFILE` as `getrlimit` takes it: an enum case in glibc's headers, a plain
    /// integer on Darwin.
    static var openFilesResource: Int32 {
        #if os(Linux)
        Int32(RLIMIT_NOFILE.rawValue)
        #else
        RLIMIT_NOFILE
        #endif
    }
}
