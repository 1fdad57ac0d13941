import Foundation

/// Runs a program to completion without blocking the caller's thread: input from a file,
/// output to files (a chatty child never blocks on a full pipe), in a process group of its
/// own with a clean signal mask, and the whole group killed at the deadline.
///
/// Not `Foundation.Process`: a child it starts from a concurrency thread may inherit a
/// mask that blocks SIGTERM (swift-corelibs-foundation issue 4772), and it reports the end
/// only when every process holding the child's descriptors has gone, so a grandchild
/// (`sleep` in a shell script) keeps a killed child "running".
enum ChildProcess {
    struct Finished: Sendable {
        /// The exit status, or 128 + the signal that ended it.
        let status: Int32
        let signal: Int32?
        let standardOutput: String
        let standardError: String
        let timedOut: Bool
    }

    struct Failure: Error {
        let message: String
    }

    /// Runs `arguments` (the first a path, or a name looked up on PATH) in `directory`.
    static func run(_ arguments: [String], input: Data, directory: URL, timeout: Double) async -> Result<
        Finished, Failure
    > {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "promptexp-child-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inPath = scratch.appendingPathComponent("stdin").path
        let outPath = scratch.appendingPathComponent("stdout").path
        let errPath = scratch.appendingPathComponent("stderr").path
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try input.write(to: URL(fileURLWithPath: inPath))
        } catch {
            return .failure(Failure(message: "could not start: \(error.localizedDescription)"))
        }
        // The shell changes directory and then becomes the program, so no chdir call is needed.
        let command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path] + arguments
        let pid: pid_t
        switch spawn(command, stdin: inPath, stdout: outPath, stderr: errPath) {
        case .success(let spawned): pid = spawned
        case .failure(let failure): return .failure(failure)
        }
        let timedOut = Flag()
        let killer = Task {
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            guard !Task.isCancelled else { return }
            timedOut.set()
            kill(-pid, SIGKILL)
        }
        let status: Int32 = await withCheckedContinuation { continuation in
            // waitpid blocks, so it gets a thread of its own, not one of the pool's.
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        killer.cancel()
        let signal = status & 0x7f
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return .success(
            Finished(
                status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal: signal == 0 ? nil : signal,
                standardOutput: read(outPath), standardError: read(errPath), timedOut: timedOut.isSet))
    }

    private static func spawn(_ arguments: [String], stdin: String, stdout: String, stderr: String) -> Result<
        pid_t, Failure
    > {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // A group of its own, so a timeout kills the program and everything it started;
        // an empty mask and default handlers, whatever the calling thread had.
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, arguments[0], &actions, &attributes, cArguments, environ)
        guard code == 0 else {
            return .failure(Failure(message: "could not start: \(String(cString: strerror(code)))"))
        }
        return .success(pid)
    }

    /// A flag set from the timeout task and read after the child ended.
    final class Flag: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
