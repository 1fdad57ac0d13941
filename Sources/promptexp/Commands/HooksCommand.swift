import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp hooks install|uninstall`: the check as a git hook.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install or remove the git hook that runs promptexp check.",
        subcommands: [HooksInstallCommand.self, HooksUninstallCommand.self])
}

/// Which hook: pre-commit (the default) or pre-push.
struct HookKindOptions: ParsableArguments {
    @Flag(help: "The pre-commit hook: checks the staged prompt changes (the default).") var preCommit = false
    @Flag(help: "The pre-push hook: checks the commits being pushed against the remote's.") var prePush = false

    func validate() throws {
        if preCommit && prePush { throw ValidationError("choose one: --pre-commit or --pre-push") }
    }

    var kind: GitHook.Kind { prePush ? .prePush : .preCommit }
}

struct HooksInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract:
            "Install the hook. An existing hook is never overwritten: it is refused, or kept and run first with --chain."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var hook: HookKindOptions
    @Flag(help: "Keep an existing hook and run it before the check.") var chain = false

    func run() throws {
        let project = try global.openProject()
        let gitHook = GitHook(kind: hook.kind, directory: try project.hooksDirectory())
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        let found = FileManager.default.isExecutableFile(atPath: executable) ? executable : "promptexp"
        let outcome = try gitHook.install(executable: found, chain: chain)
        let path = project.displayPath(of: gitHook.file)
        switch outcome {
        case .installed: global.console.print("installed \(path): runs \(found) check")
        case .updated: global.console.print("updated \(path): runs \(found) check")
        case .chained:
            global.console.print(
                "installed \(path): runs the earlier hook (now \(gitHook.chainedName)) first, then \(found) check")
        }
    }
}

struct HooksUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove promptexp's hook, putting back a hook it chained.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var hook: HookKindOptions

    func run() throws {
        let project = try global.openProject()
        let gitHook = GitHook(kind: hook.kind, directory: try project.hooksDirectory())
        let path = project.displayPath(of: gitHook.file)
        if try gitHook.uninstall() {
            global.console.print("removed \(path)")
        } else {
            global.console.print("no \(hook.kind.rawValue) hook of promptexp's at \(path): nothing to remove")
        }
    }
}
