import Foundation

/// Opens a file in the user's editor, as git does: `$VISUAL`, else `$EDITOR`, else `vi`,
/// run by the shell (so `EDITOR="code --wait"` works) with this terminal, and waited for.
/// posix_spawn, not swift-subprocess: `exp new` is synchronous, and the editor needs this
/// process's terminal as it is, which a plain spawn inherits.
struct Editor {
    let command: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let chosen = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }
            .first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        command = chosen ?? "vi"
    }

    /// Edits `path`; throws when the editor cannot start or exits with a failure.
    func edit(_ path: String) throws {
        // The path is passed as "$1", never spliced into the command, so no file name is
        // ever read as shell syntax.
        let arguments = ["/bin/sh", "-c", "\(command) \"$1\"", "editor", path]
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, environ)
        guard spawned == 0 else {
            throw CommandError("could not start the editor (\(command)): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // Exit status as the shell reports it: 127 when the editor is not found.
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            let how = exited ? "exited with status \(code)" : "was killed by signal \(status & 0x7f)"
            throw CommandError("the editor (\(command)) \(how)")
        }
    }
}
