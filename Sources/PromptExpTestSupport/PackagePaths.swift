public import Foundation

/// Where the package's own files and build products are, for tests.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The built `promptexp` binary: `PROMPTEXP_BINARY` if set, else the one beside the
    /// running test bundle (swift test builds it, since a test target depends on it).
    public static var binary: URL {
        if let given = ProcessInfo.processInfo.environment["PROMPTEXP_BINARY"] {
            return URL(fileURLWithPath: given)
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("promptexp")
            if FileManager.default.isExecutableFile(atPath: candidate.path), !candidate.hasDirectoryPath {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/promptexp")
    }
}
