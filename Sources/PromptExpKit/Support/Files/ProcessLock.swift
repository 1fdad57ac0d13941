public import Foundation

/// An exclusive lock held by this process on a file, for work two processes must not do
/// at once (two runs writing one results file would each pay for every call).
///
/// It is a `flock(2)` lock, so the kernel releases it when the process dies, even by
/// `kill -9`: a lock left by a dead run never blocks the next one. The holder writes its
/// pid into the file so that a refused process can say who holds it.
public final class ProcessLock {
    private var descriptor: Int32
    public let url: URL

    private init(descriptor: Int32, url: URL) {
        self.descriptor = descriptor
        self.url = url
    }

    deinit {
        release()
    }

    /// Takes the lock at `url`, or throws `HeldError` at once when another process holds it.
    /// `subject` says what the lock protects, for that error.
    public static func acquire(at url: URL, subject: String) throws(HeldError) -> ProcessLock {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw HeldError(subject: subject, holder: nil, reason: SystemErrorText.describe(error))
        }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HeldError(
                subject: subject, holder: nil, reason: "cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? nil : String(cString: strerror(errno))
            let holder = Self.holder(of: descriptor)
            close(descriptor)
            throw HeldError(subject: subject, holder: holder, reason: reason)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return ProcessLock(descriptor: descriptor, url: url)
    }

    /// Gives the lock up; also done when the lock is deallocated or the process ends.
    public func release() {
        guard descriptor >= 0 else { return }
        // Emptied rather than removed: removing would let a waiter lock a file no one else opens.
        _ = ftruncate(descriptor, 0)
        // Unlocked before closing: a child process forked in the meantime (an evaluator
        // command, an editor, another thread's spawn before its exec) shares the open file,
        // and closing only our copy would leave the lock held until that child execs.
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    private static func holder(of descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(
            String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Another process holds the lock (or it could not be taken at all).
    public struct HeldError: Error, CustomStringConvertible, Sendable, PromptExpError {
        public let subject: String
        public let holder: Int32?
        /// Set when the lock could not be taken for another reason than a holder.
        public let reason: String?

        public var description: String {
            if let reason { return "cannot lock \(subject): \(reason)" }
            let who = holder.map { "another promptexp (pid \($0))" } ?? "another promptexp"
            return "\(who) is already running \(subject): wait for it to finish, or stop it, then run this again"
        }
    }
}
