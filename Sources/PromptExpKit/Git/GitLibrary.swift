internal import CLibGit2
import Foundation

/// libgit2's process-wide initialisation, done once and never undone.
enum GitLibrary {
    private static let initialized: Void = {
        git_libgit2_init()
        // Read objects as git does, without re-hashing each one; see the shim header.
        _ = promptexp_git_set_strict_hash_verification(0)
        _ = promptexp_git_set_caching(0)
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Throws when a libgit2 call returned a negative code.
    ///
    /// libgit2 keeps its last error per thread, so this must run right after the call,
    /// before any suspension point could move the task to another thread.
    @discardableResult
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
        guard code < 0 else { return code }
        throw lastError(code: code, operation: operation())
    }

    static func lastError(code: Int32, operation: String) -> GitError {
        var message = "error \(code)"
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return .libgit2(operation: operation, code: code, message: message)
    }

    static func isNotFound(_ code: Int32) -> Bool { code == GIT_ENOTFOUND.rawValue }
}
