public import Foundation

/// A program started in the background, for tests that run two invocations at once.
/// Its output goes to temporary files, so it can never block on a full pipe.
public final class RunningProcess: @unchecked Sendable {
    // @unchecked: used by the one test that started it; the semaphore is thread-safe.
    private let process = Process()
    private let scratch: TemporaryDirectory
    private let finished = DispatchSemaphore(value: 0)

    public var pid: Int32 { process.processIdentifier }

    public init(_ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]) throws {
        scratch = try TemporaryDirectory(prefix: "promptexp-background")
        for name in ["stdout", "stderr"] {
            _ = FileManager.default.createFile(atPath: scratch.file(name).path, contents: nil)
        }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: scratch.file("stdout"))
        process.standardError = try FileHandle(forWritingTo: scratch.file("stderr"))
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [finished] _ in finished.signal() }
        try process.run()
    }

    /// What the program has printed on stdout so far.
    public var standardOutputSoFar: String {
        (try? String(contentsOf: scratch.file("stdout"), encoding: .utf8)) ?? ""
    }

    /// Waits for the program to end (SIGKILL at the deadline) and returns what it left.
    /// Blocks the thread rather than suspending, as `ProcessRunner.startThenKill` explains.
    public func wait(timeout: TimeInterval = 60) -> ProcessResult {
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 10)
        }
        finished.signal()
        return ProcessResult(
            status: process.isRunning ? -1 : process.terminationStatus,
            standardOutput: (try? String(contentsOf: scratch.file("stdout"), encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: scratch.file("stderr"), encoding: .utf8)) ?? "",
            timedOut: timedOut)
    }

    /// Waits, suspending rather than blocking a thread, until `condition` holds or `timeout`
    /// passes; true when it held. For async tests whose condition needs other tasks of this
    /// process to run: a blocked thread of the two-thread pool on a 2-core machine can
    /// starve them.
    public static func waitUntilAsync(timeout: TimeInterval = 60, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Blocks until `condition` holds or `timeout` passes; true when it held.
    @discardableResult
    public static func waitUntil(timeout: TimeInterval = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() >= deadline { return false }
            usleep(5_000)
        }
        return true
    }
}
