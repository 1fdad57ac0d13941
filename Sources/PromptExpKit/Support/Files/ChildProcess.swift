import Foundation
import Subprocess
import SystemPackage

/// Runs a program to completion without blocking the caller's thread (swift-subprocess):
/// input from a file, output to files (a chatty child never blocks on a full pipe, and a
/// grandchild that keeps them open cannot keep the call waiting), in a process group of
/// its own, and the whole group killed at the deadline.
///
/// Not `Foundation.Process`: a child it starts from a concurrency thread may inherit a
/// mask that blocks SIGTERM (swift-corelibs-foundation issue 4772); swift-subprocess
/// resets the mask and every handler in the child.
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
        let files: (input: FileDescriptor, output: FileDescriptor, error: FileDescriptor)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try input.write(to: URL(fileURLWithPath: inPath))
            let written: FileDescriptor.OpenOptions = [.create, .truncate]
            files = (
                try FileDescriptor.open(FilePath(inPath), .readOnly),
                try FileDescriptor.open(FilePath(outPath), .writeOnly, options: written, permissions: .ownerReadWrite),
                try FileDescriptor.open(FilePath(errPath), .writeOnly, options: written, permissions: .ownerReadWrite)
            )
        } catch {
            return .failure(Failure(message: "could not start: \(error.localizedDescription)"))
        }
        guard let program = arguments.first else { return .failure(Failure(message: "could not start: no program")) }
        let options = {
            var options = PlatformOptions()
            // A group of its own, so the deadline kills the program and everything it started.
            options.processGroupID = 0
            options.teardownSequence = [
                .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(1))
            ]
            return options
        }()
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let status: TerminationStatus
        let timedOut: Bool
        do {
            // The run and the deadline race; cancelling the run is what kills the group.
            (status, timedOut) = try await withThrowingTaskGroup(of: TerminationStatus?.self) { group in
                group.addTask {
                    try await Subprocess.run(
                        executable, arguments: Arguments(Array(arguments.dropFirst())),
                        workingDirectory: FilePath(directory.path), platformOptions: options,
                        input: .fileDescriptor(files.input, closeAfterSpawningProcess: true),
                        output: .fileDescriptor(files.output, closeAfterSpawningProcess: true),
                        error: .fileDescriptor(files.error, closeAfterSpawningProcess: true)
                    ).terminationStatus
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                if let first { return (first, false) }
                // The deadline came first: wait for the teardown to end the run.
                while let next = try? await group.next() {
                    if let ended = next { return (ended, true) }
                }
                return (.signaled(SIGKILL), true)
            }
        } catch {
            return .failure(Failure(message: "could not start: \(error)"))
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let (code, signal): (Int32, Int32?) =
            switch status {
            case .exited(let code): (code, nil)
            case .signaled(let signal): (128 + signal, signal)
            }
        return .success(
            Finished(
                status: code, signal: signal, standardOutput: read(outPath), standardError: read(errPath),
                timedOut: timedOut))
    }
}
