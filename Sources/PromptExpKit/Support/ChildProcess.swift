import Foundation

/// Runs a program to completion without blocking a thread: input from a file, output to
/// files (a chatty child never blocks on a full pipe), and SIGKILL at the deadline —
/// `Process.terminate()` sends SIGTERM, which a child started from a concurrency thread
/// may have blocked (swift-corelibs-foundation issue 4772).
enum ChildProcess {
    struct Finished: Sendable {
        let status: Int32
        let standardOutput: String
        let standardError: String
        let timedOut: Bool
    }

    struct Failure: Error {
        let message: String
    }

    static func run(_ arguments: [String], input: Data, directory: URL, timeout: Double) async -> Result<Finished, Failure> {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("promptexp-child-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try input.write(to: inURL)
            for url in [outURL, errURL] {
                guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                    return .failure(Failure(message: "could not start: cannot create \(url.path)"))
                }
            }
            process.executableURL = URL(fileURLWithPath: arguments[0].contains("/") ? arguments[0] : "/usr/bin/env")
            process.arguments = arguments[0].contains("/") ? Array(arguments.dropFirst()) : arguments
            process.currentDirectoryURL = directory
            process.standardInput = try FileHandle(forReadingFrom: inURL)
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
        } catch {
            return .failure(Failure(message: "could not start: \(error.localizedDescription)"))
        }
        let timedOut = Flag()
        var killer: Task<Void, Never>?
        let status: Int32? = await withCheckedContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: nil)
                return
            }
            let pid = process.processIdentifier
            killer = Task {
                try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                if !Task.isCancelled, process.isRunning {
                    timedOut.set()
                    kill(pid, SIGKILL)
                }
            }
        }
        killer?.cancel()
        for handle in [process.standardInput, process.standardOutput, process.standardError] {
            try? (handle as? FileHandle)?.close()
        }
        guard let status else { return .failure(Failure(message: "could not start \(arguments[0])")) }
        return .success(Finished(
            status: status,
            standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
            timedOut: timedOut.isSet))
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
