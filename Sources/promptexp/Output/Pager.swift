import Foundation

/// Sends the rest of this process's standard output through a pager, as git does: only on
/// a terminal, with `$PAGER` (default `less`, with `LESS=FRX` unless set, so a short page
/// prints and returns at once and colours pass through). `PAGER=cat` or empty turns it off.
///
/// posix_spawn, not swift-subprocess: the pager takes over this process's own standard
/// output, starts before the first line and is waited for after the last, from commands
/// that are synchronous; swift-subprocess only runs a child to its end from async code.
final class Pager {
    private let pid: pid_t
    private let savedOutput: Int32

    private init(pid: pid_t, savedOutput: Int32) {
        self.pid = pid
        self.savedOutput = savedOutput
    }

    /// Starts the pager when standard output is a terminal; nil when there is none to use.
    static func start(environment: [String: String] = ProcessInfo.processInfo.environment) -> Pager? {
        guard Console.capture == nil, isatty(STDOUT_FILENO) == 1 else { return nil }
        let command = environment["PAGER"] ?? "less"
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty, command != "cat" else { return nil }
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, descriptors[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, descriptors[1])
        var childEnvironment = environment
        if childEnvironment["LESS"] == nil { childEnvironment["LESS"] = "FRX" }
        let arguments = ["/bin/sh", "-c", command]
        let cArguments = arguments.map { strdup($0) } + [nil]
        let cEnvironment = childEnvironment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for string in cArguments + cEnvironment { free(string) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, cArguments, cEnvironment)
        close(descriptors[0])
        guard spawned == 0 else {
            close(descriptors[1])
            return nil
        }
        let saved = dup(STDOUT_FILENO)
        dup2(descriptors[1], STDOUT_FILENO)
        close(descriptors[1])
        return Pager(pid: pid, savedOutput: saved)
    }

    /// Ends the input of the pager and waits for the person to quit it.
    func finish() {
        // Closing our end of the pipe is what tells the pager the text is complete.
        dup2(savedOutput, STDOUT_FILENO)
        close(savedOutput)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }
}
