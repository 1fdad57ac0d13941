public import Foundation

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
    public let timedOut: Bool
}

/// Runs a program to completion with a deadline, for tests.
///
/// Output goes to temporary files rather than pipes, so a chatty child can never block
/// on a full pipe. On the deadline the child gets SIGKILL: `Process.terminate()` sends
/// SIGTERM, which a child started from a concurrency thread may have blocked
/// (swift-corelibs-foundation issue 4772), and a test must never hang.
public enum ProcessRunner {
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, input: String? = nil, timeout: TimeInterval = 60
    ) throws -> ProcessResult {
        let scratch = try TemporaryDirectory(prefix: "promptexp-process")
        let outURL = scratch.file("stdout")
        let errURL = scratch.file("stderr")
        let inURL = scratch.file("stdin")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((input ?? "").utf8))

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 10)
        }
        return ProcessResult(
            status: process.isRunning ? -1 : process.terminationStatus,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }

    /// The environment tests give child processes: no user or system git config, a
    /// fixed identity and dates, no colour.
    public static func isolatedEnvironment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_AUTHOR_NAME"] = nil
        environment["GIT_AUTHOR_EMAIL"] = nil
        environment["GIT_COMMITTER_NAME"] = nil
        environment["GIT_COMMITTER_EMAIL"] = nil
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }
}

extension ProcessRunner {
    /// Starts a program, waits until `condition` holds (or `timeout` passes), then kills it
    /// with SIGKILL — a crash in the middle of its work — and waits for it to end.
    ///
    /// The wait blocks this thread instead of suspending: with tests running in parallel,
    /// a suspended task may not resume for seconds while other tests hold the pool, and
    /// the program would finish before the kill.
    public static func startThenKill(
        _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String],
        when condition: () -> Bool, timeout: TimeInterval = 20
    ) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(), Date() < deadline { usleep(10_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
