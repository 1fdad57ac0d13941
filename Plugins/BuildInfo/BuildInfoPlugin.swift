import Foundation
import PackagePlugin

/// Stamps the `promptexp` binary with the commit it was built from: generates
/// `BuildInfo.swift` (`BuildInfo.commit`) from the package's `.git`, and regenerates it
/// whenever HEAD or the branch it names moves. Built from a tarball with no `.git`, the
/// commit reads "unknown".
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let git = context.package.directoryURL.appendingPathComponent(".git")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BuildInfo.swift")
        return [
            .buildCommand(
                displayName: "Stamping promptexp with its commit",
                executable: try context.tool(named: "promptexp-build-info").url,
                arguments: [git.path, output.path],
                inputFiles: Self.inputs(git: git),
                outputFiles: [output])
        ]
    }

    /// The files whose change means another commit: HEAD, the ref it names, packed refs.
    static func inputs(git: URL) -> [URL] {
        let manager = FileManager.default
        var inputs: [URL] = []
        let head = git.appendingPathComponent("HEAD")
        guard let text = try? String(contentsOf: head, encoding: .utf8) else { return [] }
        inputs.append(head)
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("ref: ") {
            let ref = git.appendingPathComponent(String(line.dropFirst("ref: ".count)))
            if manager.fileExists(atPath: ref.path) { inputs.append(ref) }
        }
        let packed = git.appendingPathComponent("packed-refs")
        if manager.fileExists(atPath: packed.path) { inputs.append(packed) }
        return inputs
    }
}
