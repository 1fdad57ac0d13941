public import Foundation

/// promptexp's git hooks: `pre-commit` checks the staged prompt changes, `pre-push` the
/// commits being pushed. An existing hook that is not ours is never overwritten: it is
/// refused, or with `chain` kept beside ours under another name and run first.
public struct GitHook: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case preCommit = "pre-commit"
        case prePush = "pre-push"
    }

    public enum Outcome: Equatable, Sendable {
        case installed
        /// Ours was already there; it is rewritten (the binary's path may have changed).
        case updated
        /// Another hook was there: it was kept as `chainedName` and runs first.
        case chained
    }

    public let kind: Kind
    /// The hooks folder (`core.hooksPath`, else `.git/hooks`).
    public let directory: URL

    /// The line that marks a hook file as ours.
    static let marker = "# promptexp-hook"

    public init(kind: Kind, directory: URL) {
        self.kind = kind
        self.directory = directory
    }

    public var file: URL { directory.appendingPathComponent(kind.rawValue) }
    public var chainedName: String { "\(kind.rawValue).promptexp-chained" }
    var chainedFile: URL { directory.appendingPathComponent(chainedName) }

    /// True when the hook file exists and was written by promptexp.
    public var isInstalled: Bool { Self.isOurs(file) }

    static func isOurs(_ url: URL) -> Bool {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
        return text.contains(marker)
    }

    /// Writes the hook, which runs `executable` (an absolute path, with `promptexp` on
    /// the PATH as the fallback when that file is gone).
    public func install(executable: String, chain: Bool) throws -> Outcome {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        var outcome = Outcome.installed
        if manager.fileExists(atPath: file.path) {
            if isInstalled {
                outcome = .updated
            } else {
                guard chain else { throw HookError.foreignHook(path: file.path, kind: kind) }
                guard !manager.fileExists(atPath: chainedFile.path) else {
                    throw HookError.chainTaken(path: chainedFile.path)
                }
                try manager.moveItem(at: file, to: chainedFile)
                outcome = .chained
            }
        }
        try AtomicFile.write(Data(script(executable: executable).utf8), to: file.path)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return outcome
    }

    /// Removes our hook and puts a chained one back. False when none of ours was there.
    public func uninstall() throws -> Bool {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file.path) else { return false }
        guard isInstalled else { throw HookError.notOurs(path: file.path) }
        try manager.removeItem(at: file)
        if manager.fileExists(atPath: chainedFile.path) { try manager.moveItem(at: chainedFile, to: file) }
        return true
    }

    func script(executable: String) -> String {
        let quoted = "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let header = """
            #!/bin/sh
            \(Self.marker) (\(kind.rawValue)): installed by `promptexp hooks install`; remove with `promptexp hooks uninstall`.
            # Runs the regression check and refuses the \(kind == .preCommit ? "commit" : "push") when a prompt got worse (exit 2).
            # Skip it once with `git \(kind == .preCommit ? "commit" : "push") --no-verify`.
            PROMPTEXP=\(quoted)
            installed="$PROMPTEXP"
            [ -x "$PROMPTEXP" ] || PROMPTEXP=promptexp
            if ! command -v "$PROMPTEXP" >/dev/null 2>&1; then
                echo "promptexp: not found at '$installed' nor on PATH; the hook $0 cannot check this \(kind == .preCommit ? "commit" : "push"): run promptexp hooks install again from the promptexp you use (or skip once with --no-verify)" >&2
                exit 1
            fi
            chained="$(dirname "$0")/\(chainedName)"

            """
        switch kind {
        case .preCommit:
            return header + """
                if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi
                exec "$PROMPTEXP" check --staged

                """
        case .prePush:
            return header + """
                input="$(cat)"
                if [ -x "$chained" ]; then printf '%s\\n' "$input" | "$chained" "$@" || exit $?; fi
                zero=0000000000000000000000000000000000000000
                status=0
                while read -r local_ref local_sha remote_ref remote_sha; do
                    [ -n "$local_sha" ] && [ "$local_sha" != "$zero" ] || continue
                    if [ "$remote_sha" = "$zero" ]; then
                        "$PROMPTEXP" check --head "$local_sha"
                    else
                        "$PROMPTEXP" check --base "$remote_sha" --head "$local_sha"
                    fi
                    code=$?
                    [ "$code" -gt "$status" ] && status=$code
                done <<EOF
                $input
                EOF
                exit $status

                """
        }
    }
}

/// Why a hook was not installed or removed.
public enum HookError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    case foreignHook(path: String, kind: GitHook.Kind)
    case chainTaken(path: String)
    case notOurs(path: String)

    public var description: String {
        switch self {
        case .foreignHook(let path, let kind):
            "\(path) exists and is not promptexp's; it was left as it is. Pass --chain to keep it and run it before the check, or add `promptexp check\(kind == .preCommit ? " --staged" : "")` to it yourself"
        case .chainTaken(let path):
            "\(path) already exists: a hook was chained before; remove or rename it first"
        case .notOurs(let path):
            "\(path) is not promptexp's hook; it was left as it is"
        }
    }
}
